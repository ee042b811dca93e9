import { formatKey, schemaForEvent, type EventName } from '@rivulet/contracts';
import { createDb, createKnexCheckpointStore, migrateLatest } from '@rivulet/db';
import { createReadModelProjection, readModelChecksum } from '@rivulet/projections';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createProjector, type Projector } from '@rivulet/runtime';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert, kpiFact, qualityCheck, qualityIssue } from './events.fixture.js';
import { createReplayService } from '../createReplayService.js';
import { createRebuildJob, prepareRebuild, runRebuild, type RebuildDeps } from './rebuildReadModels.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const prefix = uniqueName('rb');
const liveSchema = prefix.replaceAll('-', '_');
const tenant = uniqueName('t');
const other = uniqueName('t');
const db = createDb({ url: env.databaseUrl, searchPath: [liveSchema], maxConnections: 8 });
const logger = createLogger('replay-test', 'warn');
const PROJECTION = 'live';
const EVENTS: Record<string, EventName> = { results: 'QualityCheckEvaluated', issues: 'QualityIssueDetected', kpi: 'KpiFactRecorded', alerts: 'AlertRaised' };
const topic = (kind: string) => `${prefix}.${kind}`;
const readModels = createReadModelProjection({ topicEvents: Object.fromEntries(Object.entries(EVENTS).map(([k, e]) => [topic(k), e])) });
const deps: RebuildDeps = { db, kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'replay-test' }, logger), codec: serde, logger, readModels };
let produced = 0;
let live: Projector;

async function produce(kind: string, values: { key: string; value: object }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const messages = await Promise.all(values.map(async (v) => ({ key: v.key, value: await serde.encode(`${topic(kind)}-value`, v.value) })));
  await producer.send({ topic: topic(kind), messages });
  await producer.disconnect();
  produced += values.length;
}

const applied = async () => {
  const [row] = await db.withSchema(liveSchema).table('projection_checkpoints').where({ projection: PROJECTION }).sum<{ sum: number | null }[]>('next_offset as sum');
  return Number(row?.sum ?? 0) === produced;
};

beforeAll(async () => {
  await migrateLatest(db, { schemaName: liveSchema });
  await createTopics(kafka, Object.keys(EVENTS).map(topic));
  for (const [kind, event] of Object.entries(EVENTS)) await serde.register(`${topic(kind)}-value`, schemaForEvent(event).schema);
  const id = (s: string) => ({ tenant_id: tenant, event_id: `${tenant}-${s}` });
  await produce('results', Array.from({ length: 20 }, (_, i) => ({ key: formatKey(tenant, `R${i}`), value: qualityCheck(id(`q${i}`)) })));
  await produce('issues', Array.from({ length: 30 }, (_, i) => ({ key: formatKey(tenant, `R${i % 20}`), value: qualityIssue(id(`i${i}`)) })));
  await produce('kpi', Array.from({ length: 12 }, (_, i) => ({ key: formatKey(tenant, `f${i}`), value: kpiFact(10 + i, id(`f${i}`)) })));
  await produce('alerts', [{ key: formatKey(tenant, 'al-1'), value: alert(id('a1')) }]);
  // A second tenant, whose rows a rebuild of the first must leave exactly as they are.
  const idB = (s: string) => ({ tenant_id: other, event_id: `${other}-${s}` });
  await produce('results', Array.from({ length: 5 }, (_, i) => ({ key: formatKey(other, `R${i}`), value: qualityCheck(idB(`q${i}`)) })));
  await produce('issues', Array.from({ length: 5 }, (_, i) => ({ key: formatKey(other, `R${i}`), value: qualityIssue(idB(`i${i}`)) })));
  await produce('kpi', Array.from({ length: 3 }, (_, i) => ({ key: formatKey(other, `f${i}`), value: kpiFact(100 + i, idB(`f${i}`)) })));
  // The live projector keeps running during the rebuilds, as it does in production.
  live = createProjector({
    app: 'projector', kafka: deps.kafka, codec: serde, topics: readModels.topics, logger, groupId: uniqueName('rivulet.projector'),
    store: createKnexCheckpointStore(db, PROJECTION), project: readModels.project,
  });
  await live.start();
  await waitFor(applied, { timeoutMs: 90_000, description: 'live projection applied everything' });
  await db.withSchema(liveSchema).table('alerts').update({ acknowledged: true, acknowledged_by: 'ops@example.com', acknowledged_at: new Date() });
});

afterAll(async () => {
  await live?.stop();
  const schemas = await db.raw(`select nspname from pg_namespace where nspname like ?`, [`${liveSchema}%`]);
  for (const { nspname } of schemas.rows as { nspname: string }[]) await db.raw('drop schema if exists ?? cascade', [nspname]);
  const jobs = await db.withSchema(liveSchema).table('replay_jobs').pluck('shadow_schema').catch(() => [] as string[]);
  for (const s of jobs) await db.raw('drop schema if exists ?? cascade', [s]).then(() => db.raw('drop schema if exists ?? cascade', [`${s}_previous`]));
  await db.destroy();
});

describe('rebuild into a shadow schema and atomic swap (real Kafka, registry, PostgreSQL)', () => {
  let shadowSchema = '';

  it('an interrupted rebuild leaves a shadow equal to the live model, and resuming it swaps it in', async () => {
    const before = await readModelChecksum(db, liveSchema);
    const { plan, resume } = await prepareRebuild(deps, { projection: PROJECTION, liveSchema });
    expect(resume).toBeUndefined();
    expect(plan.total).toBeGreaterThanOrEqual(produced);
    const job = await createRebuildJob(deps, plan, 'test');
    shadowSchema = job.shadowSchema;

    // First run: no swap, stopped once caught up (an operator's Ctrl-C).
    const abort = new AbortController();
    const first = await runRebuild(deps, job, {
      projection: PROJECTION, liveSchema, swap: false, pollMs: 200, signal: abort.signal,
      onProgress: (p) => void (p.done >= p.total - 4 && abort.abort()),
    });
    expect(first.status).toBe('running');
    await waitFor(async () => (await readModelChecksum(db, shadowSchema)).overall === before.overall, { timeoutMs: 30_000, description: 'shadow equals live' });

    // Second run resumes the same job (same shadow checkpoints) and swaps while the live projector runs.
    const again = await prepareRebuild(deps, { projection: PROJECTION, liveSchema });
    expect(again.resume?.id).toBe(job.id);
    const done = await runRebuild(deps, again.resume!, { projection: PROJECTION, liveSchema, pollMs: 200 });
    expect(done.status).toBe('done');
    expect(await readModelChecksum(db, liveSchema)).toEqual(before);
    expect(await db.withSchema(liveSchema).table('alerts').where({ tenant_id: tenant }).pluck('acknowledged_by')).toEqual(['ops@example.com']);
    const schemas = (await db.raw('select nspname from pg_namespace where nspname in (?, ?)', [shadowSchema, `${shadowSchema}_previous`])).rows;
    expect(schemas.map((r: { nspname: string }) => r.nspname)).toEqual([`${shadowSchema}_previous`]);
  });

  it('after the swap the live projector goes on writing into the swapped-in tables', async () => {
    await produce('issues', [{ key: formatKey(tenant, 'late'), value: qualityIssue({ tenant_id: tenant, event_id: `${tenant}-late` }) }]);
    await waitFor(applied, { timeoutMs: 30_000, description: 'late event applied' });
    expect(await db.withSchema(liveSchema).table('quality_issues').where({ event_id: `${tenant}-late` }).count<{ count: number }[]>('* as count')).toEqual([{ count: 1 }]);
  });

  it('a tenant\'s rebuild through the replay service repairs its rows, a second run changes nothing, and the other tenant\'s rows stay byte-identical', async () => {
    const mine = await readModelChecksum(db, liveSchema, { tenant });
    // Both tenants' read models drift (a lost row, a wrong sum): the rebuild repairs the first tenant's
    // and must leave the other's exactly as it is, drift included.
    await db.withSchema(liveSchema).table('quality_issues').where({ event_id: `${tenant}-i3` }).delete();
    await db.withSchema(liveSchema).table('kpis').where({ tenant_id: tenant }).increment('value', 1);
    await db.withSchema(liveSchema).table('quality_issues').where({ event_id: `${other}-i3` }).delete();
    expect((await readModelChecksum(db, liveSchema, { tenant })).overall).not.toBe(mine.overall);
    const otherBefore = await readModelChecksum(db, liveSchema, { tenant: other });
    expect(otherBefore.tables.quality_issues!.rows).toBe(4);
    const service = createReplayService({ ...deps, liveSchema, projection: PROJECTION, pollMs: 200, now: () => Date.now() + 1_000 });
    for (const attempt of [1, 2]) {
      const job = await service.startRebuild({ tenant, requestedBy: 'test' });
      expect(job).toMatchObject({ tenant, status: 'running' });
      await expect(service.startRebuild({ tenant })).rejects.toThrow(/still running/);
      expect(await service.progress(job.id, other)).toBeUndefined();
      const finished = await waitFor(async () => {
        const j = await service.progress(job.id, tenant);
        return j?.status === 'done' || j?.status === 'failed' ? j : undefined;
      }, { timeoutMs: 90_000, description: `tenant rebuild ${attempt} done` });
      expect(finished).toMatchObject({ status: 'done', error: null });
      expect(finished.progress.done).toBe(finished.progress.total);
      expect(await readModelChecksum(db, liveSchema, { tenant })).toEqual(mine);
      expect(await readModelChecksum(db, liveSchema, { tenant: other })).toEqual(otherBefore);
      expect(await db.withSchema(liveSchema).table('alerts').where({ tenant_id: tenant }).pluck('acknowledged_by')).toEqual(['ops@example.com']);
    }
    await service.close();
  });
});
