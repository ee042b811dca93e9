import { formatKey, schemaForEvent, type Envelope, type EventName, type KpiFactRecorded, type QualityIssueDetected, type RecordRef } from '@rivulet/contracts';
import { createKnexCheckpointStore } from '@rivulet/db';
import { createReadModelProjection, readModelChecksum } from '@rivulet/projections';
import { createAvroSerde } from '@rivulet/registry';
import { createReplayService, type ReplayService } from '@rivulet/replay';
import { createKafka, createLogger, createProjector, type Projector } from '@rivulet/runtime';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from './testStack.fixture.js';

// POST /replays and GET /replays/:id on the real stack: events of two tenants on random topics, a live
// projector into the test schema, and the replay service the API runs (swapped for a fresh one to play a restart).
const env = stackEnv(process.env);
const logger = createLogger('api-replay-test', 'silent');
const prefix = uniqueName('api-replay');
const EVENTS: Record<string, EventName> = { issues: 'QualityIssueDetected', kpi: 'KpiFactRecorded' };
const topic = (kind: string) => `${prefix}.${kind}`;
const readModels = createReadModelProjection({ topicEvents: Object.fromEntries(Object.entries(EVENTS).map(([k, e]) => [topic(k), e])) });
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'api-replay-test' }, logger);

let current: ReplayService;
// What the API holds; pointing it at a new service is what an API restart does.
const replays: ReplayService = {
  startRebuild: (i) => current.startRebuild(i),
  planRebuild: (i) => current.planRebuild(i),
  progress: (id, t) => current.progress(id, t),
  list: (t, l) => current.list(t, l),
  resumeUnfinished: () => current.resumeUnfinished(),
  close: () => current.close(),
};
const stack = await startTestStack({ replays });
const { app, db, schema, tenants } = stack;
const A = tenants.a;
const B = tenants.b;
const newService = () => createReplayService({ db, kafka, codec: serde, logger, readModels, liveSchema: schema, projection: 'live', pollMs: 200 });
let live: Projector;
let produced = 0;

const T0 = Date.UTC(2026, 10, 26, 9, 30, 0);
const envelope = (tenant: string, id: string): Envelope => ({
  event_id: `${tenant}-${id}`, tenant_id: tenant, source_system: 'quality', event_time: T0, ingest_time: T0 - 1_000, schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null,
});
const record: RecordRef = { event_id: 'raw-1', source_system: 'billing', entity: 'invoice', record_id: 'INV-1', topic: 'raw.billing.invoice', partition: 2, offset: 41 };
const issue = (tenant: string, i: number): QualityIssueDetected => ({
  envelope: envelope(tenant, `i${i}`), record, check: 'validity.currency', field: 'amount_due.currency', severity: 'FAIL',
  dimensions: { source_system: 'billing', entity: 'invoice', field: 'amount_due.currency', check: 'validity.currency', region: 'north', segment: 'SMB' },
  observed_value: 'XXX', expected: 'ISO 4217', message: 'unknown currency',
});
const fact = (tenant: string, i: number): KpiFactRecorded => ({
  envelope: envelope(tenant, `f${i}`), kpi: 'revenue_invoiced', value: 10 + i, unit: 'EUR_minor', occurred_at: T0,
  dimensions: { region: 'north', segment: 'SMB', source_system: 'billing' }, record,
});

async function produce(kind: string, values: { key: string; value: object }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const messages = await Promise.all(values.map(async (v) => ({ key: v.key, value: await serde.encode(`${topic(kind)}-value`, v.value) })));
  await producer.send({ topic: topic(kind), messages });
  await producer.disconnect();
  produced += values.length;
}

beforeAll(async () => {
  await createTopics(testKafka(env.kafkaBrokers), Object.keys(EVENTS).map(topic));
  for (const [kind, event] of Object.entries(EVENTS)) await serde.register(`${topic(kind)}-value`, schemaForEvent(event).schema);
  for (const t of [A.id, B.id]) {
    await produce('issues', Array.from({ length: 8 }, (_, i) => ({ key: formatKey(t, `R${i}`), value: issue(t, i) })));
    await produce('kpi', Array.from({ length: 6 }, (_, i) => ({ key: formatKey(t, `F${i}`), value: fact(t, i) })));
  }
  live = createProjector({
    app: 'projector', kafka, codec: serde, topics: readModels.topics, logger, groupId: uniqueName('rivulet.projector'),
    store: createKnexCheckpointStore(db, 'live'), project: readModels.project,
  });
  await live.start();
  await waitFor(async () => {
    const [row] = await db.withSchema(schema).table('projection_checkpoints').where({ projection: 'live' }).sum<{ sum: number | null }[]>('next_offset as sum');
    return Number(row?.sum ?? 0) === produced;
  }, { timeoutMs: 90_000, description: 'live projection applied everything' });
  current = newService();
}, 120_000);

afterAll(async () => {
  await current?.close();
  await live?.stop();
  const shadows = await db.withSchema(schema).table('replay_jobs').pluck('shadow_schema').catch(() => [] as string[]);
  for (const s of shadows) await db.raw('drop schema if exists ?? cascade', [s]);
  await stack.stop();
});

const post = (body: unknown, key: string) => request(app).post('/replays').set('Authorization', `Bearer ${key}`).send(body as object);
const get = (path: string, key: string) => request(app).get(path).set('Authorization', `Bearer ${key}`);
const problem = (res: request.Response, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  return res.body as { detail: string; errors?: { path: string; message: string }[] };
};

describe('POST /replays and GET /replays/:id', () => {
  it('a viewer gets 403, no credentials 401', async () => {
    problem(await post({ kind: 'rebuild' }, A.keys.viewer), 403);
    problem(await get('/replays/rebuild_20261126101500123', A.keys.viewer), 403);
    problem(await get('/replays', A.keys.viewer), 403);
    problem(await request(app).post('/replays').send({ kind: 'rebuild' }), 401);
  });

  it('bad bodies get a 400 saying what is wrong, and start nothing', async () => {
    expect(problem(await post({}, A.keys.operator), 400).errors).toEqual([expect.objectContaining({ path: 'body.kind' })]);
    expect(problem(await post({ kind: 'reset' }, A.keys.operator), 400).detail).toMatch(/resets and copies are CLI operations/);
    expect(problem(await post({ kind: 'rebuild', schema: 'public' }, A.keys.operator), 400).detail).toMatch(/schema/);
    // Naming another tenant is a cross-tenant attempt: refused (and audited) before the route runs.
    expect(problem(await post({ kind: 'rebuild', tenant_id: B.id }, A.keys.operator), 403).detail).toMatch(/cannot act for tenant/);
    expect(problem(await post({ kind: 'rebuild', dry_run: 'yes' }, A.keys.operator), 400).errors?.[0]?.path).toBe('body.dry_run');
    problem(await request(app).post('/replays').set('Authorization', `Bearer ${A.keys.operator}`).set('content-type', 'application/json').send('{"kind":'), 400);
    problem(await get('/replays/not-a-job', A.keys.operator), 400);
    problem(await get('/replays/rebuild_20261126101500123', A.keys.operator), 404);
    expect((await get('/replays', A.keys.operator)).body).toEqual({ items: [] });
  });

  it('a dry run says what would happen and starts nothing', async () => {
    const res = await post({ kind: 'rebuild', dry_run: true }, A.keys.operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dry_run: true, total: produced });
    expect(res.body.steps.join('\n')).toContain(`tenant ${A.id}'s rows`);
    expect((await get('/replays', A.keys.operator)).body.items).toEqual([]);
  });

  it("an operator's rebuild repairs its tenant's rows, shows progress, survives an API restart, and leaves the other tenant's rows byte-identical", async () => {
    const healthyA = await readModelChecksum(db, schema, { tenant: A.id });
    // Both tenants' read models have drifted (a lost row, a wrong sum).
    await db.withSchema(schema).table('quality_issues').where({ event_id: `${A.id}-i3` }).delete();
    await db.withSchema(schema).table('kpis').where({ tenant_id: A.id }).increment('value', 7);
    await db.withSchema(schema).table('quality_issues').where({ event_id: `${B.id}-i5` }).delete();
    const beforeB = await readModelChecksum(db, schema, { tenant: B.id });
    expect((await readModelChecksum(db, schema, { tenant: A.id })).overall).not.toBe(healthyA.overall);

    const started = await post({ kind: 'rebuild' }, A.keys.operator);
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    expect(started.headers.location).toBe(`/replays/${id}`);
    expect(started.body).toMatchObject({ kind: 'rebuild', tenant_id: A.id, status: 'running', progress: { total: produced } });
    expect((await db.withSchema(schema).table('audit_log').where({ tenant_id: A.id, action: 'replay.start' }).pluck('target'))).toEqual([id]);

    // The API stops (its runs stay resumable) and another instance takes over: the job, its progress and
    // the refusal of a second rebuild all come from replay_jobs.
    await current.close();
    current = newService();
    expect(problem(await post({ kind: 'rebuild' }, A.keys.operator), 409).detail).toMatch(/still running/);
    problem(await get(`/replays/${id}`, B.keys.operator), 404);
    // Another tenant asking for the job is a cross-tenant attempt in its own audit log (issue #14).
    expect(await db.withSchema(schema).table('audit_log').where({ tenant_id: B.id, action: 'access.denied', target: `replay:${id}` }).pluck('detail'))
      .toEqual([expect.objectContaining({ route: 'GET /replays/:id', outcome: 404, cross_tenant: true })]);
    expect((await get(`/replays/${id}`, A.keys.operator)).body).toMatchObject({ id, status: 'running' });
    expect((await current.resumeUnfinished()).map((j) => j.id)).toEqual([id]);

    const seen: { done: number; status: string }[] = [];
    const done = await waitFor(async () => {
      const res = await get(`/replays/${id}`, A.keys.operator);
      expect(res.status).toBe(200);
      seen.push({ done: res.body.progress.done, status: res.body.status });
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    }, { timeoutMs: 90_000, intervalMs: 300, description: 'tenant rebuild done' });
    expect(done).toMatchObject({ status: 'done', error: null, progress: { done: produced, total: produced, percent: 100 } });
    expect(done.finished_at).toEqual(expect.any(String));
    expect(seen.map((s) => s.done)).toEqual([...seen.map((s) => s.done)].sort((a, b) => a - b));

    expect(await readModelChecksum(db, schema, { tenant: A.id })).toEqual(healthyA);
    expect(await readModelChecksum(db, schema, { tenant: B.id })).toEqual(beforeB);
    expect((await get('/replays', A.keys.operator)).body.items.map((j: { id: string }) => j.id)).toEqual([id]);
    expect((await get('/replays', B.keys.operator)).body.items).toEqual([]);
    // The shadow schema is dropped once the swap has committed.
    await waitFor(async () => (await db.raw('select 1 from pg_namespace where nspname like ?', [`${id}%`])).rows.length === 0, { timeoutMs: 10_000, description: 'shadow schema dropped' });
  });
});
