import { createDb, migrateLatest } from '@rivulet/db';
import { createAvroSerde } from '@rivulet/registry';
import { createLogger } from '@rivulet/runtime';
import { collectTopic, stackEnv, startGroupAtEnd, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRcaConfig } from './rcaConfig.js';
import { startRca, type RunningRca } from './startRca.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const db = createDb({ url: env.databaseUrl });
const tenant = uniqueName('tenant');
const MIN = 60_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const REGIONS = ['NORTH', 'SOUTH', 'EAST', 'WEST'];
const config = parseRcaConfig({
  KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: env.schemaRegistryUrl, DATABASE_URL: env.databaseUrl,
  RCA_GROUP_ID: uniqueName('rca'), RCA_WINDOW_SIZES: '1m', RCA_ALLOWED_LATENESS: '0', RCA_ANALYZE_INTERVAL: '1s',
});
const logger = createLogger('rca-test', 'warn');
let app: RunningRca | undefined;
let seq = 0;

beforeAll(async () => {
  await migrateLatest(db);
  await startGroupAtEnd(kafka, config.RCA_GROUP_ID, ['quality.issues', 'quality.results', 'kpi.facts']);
});
afterAll(async () => {
  await app?.stop();
  await db.destroy();
});

const envelope = (t: number) => ({
  event_id: uniqueName('q'), tenant_id: tenant, source_system: 'quality', event_time: t, ingest_time: t, schema_version: 1,
  lineage: null, pii_subject_id: null, trace_id: null,
});
const ref = (source: string, entity: string) => ({ event_id: uniqueName('c'), source_system: source, entity, record_id: `R-${++seq}`, topic: `canonical.${entity}`, partition: 0, offset: seq });

function issue(t: number, source: string, region: string, check = 'validity.email') {
  const entity = source === 'billing' ? 'invoice' : 'party';
  return {
    topic: 'quality.issues',
    value: {
      envelope: envelope(t), record: ref(source, entity), check, field: 'email', severity: 'FAIL',
      dimensions: { source_system: source, entity, field: 'email', check, region, segment: 'CONSUMER' },
      observed_value: null, expected: 'an email address', message: 'email is not an email address',
    },
  };
}
function result(t: number, source: string, passed: boolean) {
  const entity = source === 'billing' ? 'invoice' : 'party';
  return { topic: 'quality.results', value: { envelope: envelope(t), record: ref(source, entity), entity, score: passed ? 1 : 0.8, passed, checks_evaluated: 10, failed_checks: passed ? [] : ['validity.email'], anomaly_score: null } };
}

/** Minute m: 40 records per source, two background issues per source and region; `burst` adds billing/NORTH issues. */
function minute(m: number, burst = 0) {
  const out = [];
  const t = (i: number) => T0 + m * MIN + i * 500;
  for (const source of ['billing', 'crm']) {
    for (let i = 0; i < 40; i++) out.push(result(t(i), source, true));
    REGIONS.forEach((region, r) => out.push(issue(t(r), source, region), issue(t(r + 4), source, region, 'completeness.phone')));
  }
  for (let i = 0; i < burst; i++) out.push(issue(t(50 + i % 60), 'billing', 'NORTH'));
  return out;
}

async function produce(records: { topic: string; value: unknown }[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (const topic of ['quality.issues', 'quality.results']) {
    const messages = await Promise.all(records.filter((r) => r.topic === topic).map(async (r) => ({ key: `${tenant}/${(r.value as { record: { record_id: string } }).record.record_id}`, value: await serde.encode(`${topic}-value`, r.value) })));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

async function produceMinute(m: number): Promise<void> {
  const records = minute(m, m === 5 ? 40 : 0);
  await produce(records);
  await waitFor(async () => (await windowEvents()).find((r) => r.window_start === T0 + m * MIN)?.events === records.length, { timeoutMs: 60_000, description: `minute ${m} folded` });
}

const windowEvents = async () => {
  const rows: { window_start: number; events: number; analysed_at: Date | null }[] = await db('rca_windows').where({ tenant_id: tenant }).orderBy('window_start').select('window_start', 'events', 'analysed_at');
  return rows;
};

describe('rca app on the real stack', () => {
  it('keeps window state across a restart and names the region and source of a planted burst', async () => {
    app = await startRca(config, { logger, exitOnSignal: false });
    // A live stream: minute after minute (all at once, a partition could run ahead of the others by more
    // than the allowed lateness; see README "Watermark").
    for (const m of [0, 1, 2, 3]) await produceMinute(m);
    await waitFor(async () => (await windowEvents()).filter((r) => r.analysed_at).length === 3, { timeoutMs: 30_000, description: 'three closed minutes analysed' });
    await app.stop();

    // A new instance of the same group: the windows and checkpoint come from PostgreSQL, not from memory.
    app = await startRca(config, { logger, exitOnSignal: false });
    for (const m of [4, 5, 6]) await produceMinute(m);
    const findings = await collectTopic(kafka, 'rca.findings');
    const alerts = await collectTopic(kafka, 'alerts');
    const mine = (c: typeof findings) => c.messages.filter((m) => m.message.key?.toString().startsWith(`${tenant}/`));
    await waitFor(() => mine(findings).length >= 1, { timeoutMs: 90_000, description: 'a finding for the burst minute' });
    await waitFor(() => mine(alerts).length >= 1, { timeoutMs: 30_000, description: 'its alert' });
    await findings.stop();
    await alerts.stop();

    const rows = await windowEvents();
    // Nothing counted twice or lost across the restart: each minute holds exactly what was produced for it.
    expect(rows.map((r) => [r.window_start - T0, r.events])).toEqual([0, 1, 2, 3, 4, 5, 6].map((m) => [m * MIN, minute(m, m === 5 ? 40 : 0).length]));
    const finding = (await serde.decode(mine(findings)[0]!.message.value!)).value as { window: { start: number }; root_causes: { rank: number; dimensions: Record<string, string> }[]; analysis_id: string };
    expect(finding.window.start).toBe(T0 + 5 * MIN);
    expect(finding.root_causes[0]).toMatchObject({ rank: 1, dimensions: { source_system: 'billing', region: 'NORTH' } });
    const alert = (await serde.decode(mine(alerts)[0]!.message.value!)).value as { rule: string; finding: { analysis_id: string } };
    expect(alert).toMatchObject({ rule: 'rca.default', finding: { analysis_id: finding.analysis_id } });
    expect(rows.find((r) => r.window_start === T0 + 5 * MIN)?.analysed_at).not.toBeNull();
    expect(await db('rca_tenants').where({ tenant_id: tenant }).first('late_events')).toEqual({ late_events: 0 });
  });
});
