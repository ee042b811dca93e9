import { formatKey, schemaForEvent, type EventName } from '@rivulet/contracts';
import { createDb, createKnexCheckpointStore, migrateLatest } from '@rivulet/db';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createProjector, type Projector } from '@rivulet/runtime';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelProjection } from './createReadModelProjection.js';
import { readModelChecksum, type ReadModelChecksum } from './readModelChecksum.js';
import { runReadModelProjector } from './runReadModelProjector.js';
import { alert, canonicalInvoice, crmCustomer, golden, kpiFact, matchDecision, qualityCheck, qualityIssue, rcaFinding, recordRef, T0, TRACE } from './testing/events.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const prefix = uniqueName('rm');
const schemaName = prefix.replaceAll('-', '_');
const rebuildSchema = `${schemaName}_rebuild`;
const tenantA = uniqueName('ta');
const tenantB = uniqueName('tb');
const db = createDb({ url: env.databaseUrl, searchPath: [schemaName] });
const rebuildDb = createDb({ url: env.databaseUrl, searchPath: [rebuildSchema] });

const EVENTS: Record<string, EventName> = {
  raw: 'CrmCustomerRecordReceived', canonical: 'CanonicalInvoiceRecorded', kpi: 'KpiFactRecorded', results: 'QualityCheckEvaluated',
  issues: 'QualityIssueDetected', match: 'MatchDecisionMade', golden: 'GoldenEntityUpdated', rca: 'RcaFindingRecorded', alerts: 'AlertRaised',
};
const rules = (version: string) => ({ origin_topic: 'canonical.invoice', origin_partition: 0, origin_offset: 0, mapping_version: `checks/invoice@${version}` });
const topic = (kind: keyof typeof EVENTS) => `${prefix}.${kind}`;
const topicEvents = Object.fromEntries(Object.entries(EVENTS).map(([kind, event]) => [topic(kind), event]));
const projection = createReadModelProjection({ topicEvents });

type Message = { key: string; value: object | null; headers?: Record<string, string> };
const byKind: Record<string, Message[]> = {
  raw: [
    { key: formatKey(tenantA, 'C-1'), value: crmCustomer({ tenant_id: tenantA, event_id: `${tenantA}-raw-1`, event_time: T0 - 60_000 }) },
    { key: formatKey(tenantA, 'C-2'), value: crmCustomer({ tenant_id: tenantA, event_id: `${tenantA}-raw-2` }) },
    { key: formatKey(tenantB, 'C-1'), value: crmCustomer({ tenant_id: tenantB, event_id: `${tenantB}-raw-1` }) },
  ],
  canonical: [1, 2].map((i) => ({
    key: formatKey(tenantA, `INV-${i}`),
    value: canonicalInvoice({ tenant_id: tenantA, event_id: `${tenantA}-inv-${i}` }),
    headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
  })),
  kpi: [
    ...[100, 250, 0.1, 0.2].map((v, i) => ({ key: formatKey(tenantA, `f${i}`), value: kpiFact(v, i < 2 ? {} : { kpi: 'dropped_call_rate', unit: 'ratio' }, { tenant_id: tenantA, event_id: `${tenantA}-f${i}` }) })),
    // The same fact again (re-ingested, later offset): the guard table must keep it from counting twice.
    { key: formatKey(tenantA, 'f0'), value: kpiFact(100, {}, { tenant_id: tenantA, event_id: `${tenantA}-f0` }) },
    // Next day, another hour.
    { key: formatKey(tenantA, 'f9'), value: kpiFact(7, { occurred_at: T0 + 86_400_000 }, { tenant_id: tenantA, event_id: `${tenantA}-f9` }) },
    { key: formatKey(tenantB, 'f0'), value: kpiFact(1_000, {}, { tenant_id: tenantB, event_id: `${tenantB}-f0` }) },
  ],
  results: [
    { key: formatKey(tenantA, 'INV-1'), value: qualityCheck({ tenant_id: tenantA, event_id: `${tenantA}-q1`, lineage: rules('v1') }) },
    {
      key: formatKey(tenantA, 'INV-2'),
      value: qualityCheck({ tenant_id: tenantA, event_id: `${tenantA}-q2`, lineage: rules('v1') }, {
        record: recordRef({ event_id: 'raw-2', record_id: 'INV-2' }), score: 1, passed: true, failed_checks: [], invalid: false,
        passed_checks: ['completeness.invoice_id', 'validity.currency', 'range.amount_due.amount_minor'], window_failed_checks: ['completeness.region'],
        field_presence: { invoice_id: true, region: false, 'amount_due.currency': true, 'amount_due.amount_minor': true },
      }),
    },
    // INV-1 judged again under new rules (a replay after a rule change): another event id, later in the
    // partition. It replaces the first verdict in quality_checks and in the window counters.
    ...[1, 2].map(() => ({
      key: formatKey(tenantA, 'INV-1'),
      value: qualityCheck({ tenant_id: tenantA, event_id: `${tenantA}-q1-v2`, lineage: rules('v2') }, {
        score: 0.9, passed: true, failed_checks: ['completeness.segment'], invalid: false, duplicate: true,
        passed_checks: ['completeness.invoice_id', 'validity.currency'], field_presence: { invoice_id: true, segment: false, 'amount_due.currency': true },
      }),
    })), // twice: the same verdict redelivered changes nothing
    { key: formatKey(tenantB, 'INV-1'), value: qualityCheck({ tenant_id: tenantB, event_id: `${tenantB}-q1`, lineage: rules('v1') }) },
  ],
  issues: [
    ...[1, 2, 3].map((i) => ({ key: formatKey(tenantA, `INV-${i}`), value: qualityIssue({ tenant_id: tenantA, event_id: `${tenantA}-i${i}` }) })),
    ...[1, 2].map((i) => ({ key: formatKey(tenantB, `INV-${i}`), value: qualityIssue({ tenant_id: tenantB, event_id: `${tenantB}-i${i}` }) })),
  ],
  match: [{ key: formatKey(tenantA, 'ent-1'), value: matchDecision({ tenant_id: tenantA, event_id: `${tenantA}-m1` }) }],
  golden: [
    { key: formatKey(tenantA, 'ent-1'), value: golden(1, {}, { tenant_id: tenantA, event_id: `${tenantA}-g1` }) },
    { key: formatKey(tenantA, 'ent-1'), value: golden(2, { merge_strategy: 'MOST_COMPLETE' }, { tenant_id: tenantA, event_id: `${tenantA}-g2` }) },
    { key: formatKey(tenantA, 'ent-1'), value: golden(1, {}, { tenant_id: tenantA, event_id: `${tenantA}-g1-late` }) }, // lower version: ignored
    { key: formatKey(tenantA, 'ent-2'), value: golden(1, { entity_id: 'ent-2', merged_into: 'ent-1' }, { tenant_id: tenantA, event_id: `${tenantA}-g3` }) },
    { key: formatKey(tenantA, 'ent-2'), value: null },
  ],
  rca: [{ key: formatKey(tenantA, 'an-1'), value: rcaFinding({ tenant_id: tenantA, event_id: `${tenantA}-r1` }) }],
  alerts: [{ key: formatKey(tenantA, 'al-1'), value: alert({ tenant_id: tenantA, event_id: `${tenantA}-a1` }) }],
};
const totalMessages = Object.values(byKind).reduce((n, list) => n + list.length, 0);

function startProjector(knex: Knex, projectionName: string, groupId: string): Projector {
  const logger = createLogger('projector-test', 'warn');
  return createProjector({
    app: 'projector-test',
    kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'projector-test' }, logger),
    codec: serde,
    topics: projection.topics,
    logger,
    groupId,
    store: createKnexCheckpointStore(knex, projectionName),
    project: projection.project,
  });
}

async function appliedEverything(knex: Knex, projectionName: string): Promise<boolean> {
  const [row] = await knex('projection_checkpoints').where({ projection: projectionName }).sum<{ sum: string | null }[]>('next_offset as sum');
  return Number(row?.sum ?? 0) === totalMessages;
}

const running: Projector[] = [];
beforeAll(async () => {
  await migrateLatest(db, { schemaName });
  await migrateLatest(rebuildDb, { schemaName: rebuildSchema });
  await createTopics(kafka, Object.keys(EVENTS).map(topic));
  for (const [kind, event] of Object.entries(EVENTS)) await serde.register(`${topic(kind)}-value`, schemaForEvent(event).schema);
  const producer = kafka.producer();
  await producer.connect();
  for (const [kind, list] of Object.entries(byKind)) {
    const messages = await Promise.all(
      list.map(async (m) => ({ key: m.key, value: m.value === null ? null : await serde.encode(`${topic(kind)}-value`, m.value), headers: m.headers ?? {} })),
    );
    await producer.send({ topic: topic(kind), messages });
  }
  await producer.disconnect();
  const live = startProjector(db, 'live', uniqueName('live'));
  running.push(live);
  await live.start();
  await waitFor(() => appliedEverything(db, 'live'), { timeoutMs: 90_000, description: `all ${totalMessages} messages projected` });
});

afterAll(async () => {
  await Promise.allSettled(running.map((p) => p.stop()));
  await db.raw('drop schema if exists ?? cascade', [schemaName]);
  await db.raw('drop schema if exists ?? cascade', [rebuildSchema]);
  await Promise.all([db.destroy(), rebuildDb.destroy()]);
});

describe('read-model projection on Kafka, the registry and PostgreSQL', () => {
  it('writes each event once, with its lineage and trace id', async () => {
    expect(await db('quality_issues').where({ tenant_id: tenantA }).count<{ count: number }[]>('* as count')).toEqual([{ count: 3 }]);
    expect(await db('canonical_records').where({ tenant_id: tenantA }).orderBy('event_id').pluck('trace_id')).toEqual([TRACE, TRACE]);
    const transformation = await db('transformations').where({ event_id: `${tenantA}-inv-1` }).first();
    expect(transformation).toMatchObject({ source_topic: 'raw.billing.invoice', source_offset: 41, mapping_version: 'billing.invoice@3', trace_id: TRACE });
    expect(transformation.history[0]).toEqual({ field: 'customer_name', before: 'pii:v1:s:DDDD', after: 'pii:v1:s:CCCC', rule: 'trim' });
    const source = await db('data_sources').where({ tenant_id: tenantA }).first();
    expect(source).toMatchObject({ source_system: 'crm', entity: 'customer', record_count: 2, first_seen_at: new Date(T0 - 60_000), last_seen_at: new Date(T0) });
    expect(await db('alerts').where({ tenant_id: tenantA }).pluck('acknowledged')).toEqual([false]);
    expect(await db('rca_analyses').where({ tenant_id: tenantA }).pluck('analysis_id')).toEqual(['an-1']);
    expect(await db('reconciliation_results').where({ tenant_id: tenantA }).pluck('decision')).toEqual(['MATCH']);
  });

  it('sums KPI facts per hour and day exactly, counting a repeated fact once', async () => {
    const rows = await db('kpis').where({ tenant_id: tenantA }).orderBy(['kpi', 'window_size', 'window_start']).select('kpi', 'window_size', 'window_start', 'value', 'count');
    expect(rows.map((r) => ({ ...r, window_start: r.window_start.toISOString() }))).toEqual([
      { kpi: 'dropped_call_rate', window_size: 'day', window_start: '2026-11-26T00:00:00.000Z', value: '0.3', count: 2 },
      { kpi: 'dropped_call_rate', window_size: 'hour', window_start: '2026-11-26T09:00:00.000Z', value: '0.3', count: 2 },
      { kpi: 'revenue_invoiced', window_size: 'day', window_start: '2026-11-26T00:00:00.000Z', value: '350', count: 2 },
      { kpi: 'revenue_invoiced', window_size: 'day', window_start: '2026-11-27T00:00:00.000Z', value: '7', count: 1 },
      { kpi: 'revenue_invoiced', window_size: 'hour', window_start: '2026-11-26T09:00:00.000Z', value: '350', count: 2 },
      { kpi: 'revenue_invoiced', window_size: 'hour', window_start: '2026-11-27T09:00:00.000Z', value: '7', count: 1 },
    ]);
  });

  it('keeps the current verdict per record (new rules replace old ones) and counts quality per source and window', async () => {
    const checks = await db('quality_checks').where({ tenant_id: tenantA }).orderBy('record_id').select('event_id', 'record_id', 'rules_version', 'status');
    expect(checks).toEqual([
      { event_id: `${tenantA}-q1-v2`, record_id: 'INV-1', rules_version: 'checks/invoice@v2', status: 'PASSED' },
      { event_id: `${tenantA}-q2`, record_id: 'INV-2', rules_version: 'checks/invoice@v1', status: 'PASSED' },
    ]);
    const rows: { metric: string; name: string; value: string }[] = await db('quality_window_stats')
      .where({ tenant_id: tenantA, source_system: 'billing', entity: 'invoice', window_size: 'hour', window_start: new Date('2026-11-26T09:00:00Z') })
      .select('metric', 'name', 'value');
    // A counter that sums to 0 has no row (which verdicts were current in between depends on consumption order).
    const stat = (metric: string, name = '') => Number(rows.find((r) => r.metric === metric && r.name === name)?.value ?? 0);
    expect(rows.every((r) => Number(r.value) !== 0)).toBe(true);
    // Two records (INV-1 now under v2: WARN, a duplicate, valid; INV-2: PASS); q1's FAIL and invalid were taken back.
    expect([stat('records'), stat('status', 'PASS'), stat('status', 'WARN'), stat('status', 'FAIL')]).toEqual([2, 1, 1, 0]);
    expect([stat('score_sum'), stat('invalid'), stat('duplicate')]).toEqual([1.9, 0, 1]);
    expect([stat('observed', 'region'), stat('present', 'region'), stat('observed', 'segment'), stat('present', 'segment')]).toEqual([1, 0, 1, 0]);
    expect([stat('observed', 'invoice_id'), stat('present', 'invoice_id')]).toEqual([2, 2]);
    expect([stat('evaluated', 'validity.currency'), stat('failed', 'validity.currency')]).toEqual([2, 0]);
    expect([stat('evaluated', 'completeness.region'), stat('failed', 'completeness.region')]).toEqual([1, 1]);
    const day = await db('quality_window_stats').where({ tenant_id: tenantA, window_size: 'day', metric: 'records' }).pluck('value');
    expect(day).toEqual(['2']);
    expect(await db('quality_window_stats').where({ tenant_id: tenantB, window_size: 'hour', metric: 'records' }).pluck('value')).toEqual(['1']);
  });

  it('keeps the latest entity version and removes a tombstoned entity with its members', async () => {
    const entities = await db('entities').where({ tenant_id: tenantA }).select('entity_id', 'version', 'merge_strategy', 'member_count');
    expect(entities).toEqual([{ entity_id: 'ent-1', version: 2, merge_strategy: 'MOST_COMPLETE', member_count: 1 }]);
    expect(await db('entity_members').where({ tenant_id: tenantA }).pluck('entity_id')).toEqual(['ent-1']);
  });

  it('as rivulet_api with tenant A set, an unfiltered select sees only tenant A', async () => {
    const tenants = await db.transaction(async (tx) => {
      await tx.raw('set local role rivulet_api');
      await tx.raw(`select set_config('rivulet.tenant_id', ?, true)`, [tenantA]);
      return (await tx.raw('select * from quality_issues')).rows.map((r: { tenant_id: string }) => r.tenant_id);
    });
    expect(tenants).toEqual([tenantA, tenantA, tenantA]);
    const none = await db.transaction(async (tx) => {
      await tx.raw('set local role rivulet_api');
      return (await tx.raw('select count(*)::int as n from kpis')).rows[0].n;
    });
    expect(none).toBe(0);
  });

  it('changes nothing when every event is applied again from offset zero (fresh checkpoint, same tables)', async () => {
    // The API acknowledges the alert (as rivulet_api: the column grant); a re-applied alert must keep that.
    await db.transaction(async (tx) => {
      await tx.raw('set local role rivulet_api');
      await tx.raw(`select set_config('rivulet.tenant_id', ?, true)`, [tenantA]);
      await tx('alerts').where({ alert_id: 'al-1' }).update({ acknowledged: true, acknowledged_by: 'ops@example.org', acknowledged_at: tx.fn.now() });
    });
    const before: ReadModelChecksum = await readModelChecksum(db);
    const replay = startProjector(db, 'replay', uniqueName('replay'));
    running.push(replay);
    await replay.start();
    await waitFor(() => appliedEverything(db, 'replay'), { timeoutMs: 90_000, description: 'replay re-applied everything' });
    await replay.stop();
    expect(await readModelChecksum(db)).toEqual(before);
    expect(before.tables.quality_issues!.rows).toBe(5);
    expect(await db('alerts').where({ tenant_id: tenantA }).pluck('acknowledged')).toEqual([true]);
  });

  it('a rebuild into a shadow schema equals the live read model (checksum), and /metrics shows the e2e latency', async () => {
    const logger = createLogger('projector-test', 'warn');
    const rebuild = await runReadModelProjector({
      port: 0,
      exitOnSignal: false,
      logger,
      kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'projector-test' }, logger),
      codec: serde,
      groupId: uniqueName('rebuild'),
      store: createKnexCheckpointStore(rebuildDb, 'rebuild'),
      projection,
    });
    running.push(rebuild.projector);
    await waitFor(() => appliedEverything(rebuildDb, 'rebuild'), { timeoutMs: 90_000, description: 'rebuild projected everything' });
    const metrics = await (await fetch(`http://127.0.0.1:${rebuild.port}/metrics`)).text();
    await rebuild.stop();
    const [live, rebuilt] = await Promise.all([readModelChecksum(db), readModelChecksum(db, rebuildSchema)]);
    expect(rebuilt).toEqual(live);
    const observed = [...metrics.matchAll(/^rivulet_projection_e2e_latency_seconds_count\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(observed).toBe(totalMessages - 1); // every message but the tombstone (no envelope)
  });
});
