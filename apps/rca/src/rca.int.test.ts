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
/** The feeds of the test tenant: source, source entity, canonical entity, records per minute and a check each. */
const FEEDS = [
  { source: 'billing', sourceEntity: 'invoice', entity: 'invoice', perMinute: 40, field: 'customer_name', check: 'missing.customer_name' },
  { source: 'erp', sourceEntity: 'account', entity: 'account', perMinute: 20, field: 'company_name', check: 'missing.company_name' },
  { source: 'erp', sourceEntity: 'order', entity: 'order', perMinute: 30, field: 'total', check: 'range.total' },
  { source: 'crm', sourceEntity: 'customer', entity: 'party', perMinute: 40, field: 'email', check: 'invalid.email' },
];
type Feed = (typeof FEEDS)[number];
const ref = (f: Feed) => ({ event_id: uniqueName('c'), source_system: f.source, entity: f.sourceEntity, record_id: `R-${++seq}`, topic: `canonical.${f.entity}`, partition: 0, offset: seq });

function issue(t: number, f: Feed, region: string, field = f.field, check = f.check) {
  return {
    topic: 'quality.issues',
    value: {
      envelope: envelope(t), record: ref(f), check, field, severity: 'FAIL',
      dimensions: { source_system: f.source, entity: f.entity, field, check, region, segment: 'CONSUMER' },
      observed_value: null, expected: 'a value', message: `${field} failed ${check}`,
    },
  };
}
function result(t: number, f: Feed, passed: boolean) {
  return { topic: 'quality.results', value: { envelope: envelope(t), record: ref(f), entity: f.entity, score: passed ? 1 : 0.8, passed, checks_evaluated: 10, failed_checks: passed ? [] : [f.check], anomaly_score: null } };
}

/**
 * Minute m: every feed's records, one background issue per feed and region. At minute 5 the ERP account feed
 * breaks in NORTH: accounts lose their company name, and invoices and orders there refer to accounts nobody
 * knows (their reference.account_id checks fail): symptoms in billing and ERP orders, one cause upstream.
 */
function minute(m: number) {
  const out = [];
  const t = (i: number) => T0 + m * MIN + i * 500;
  for (const f of FEEDS) {
    for (let i = 0; i < f.perMinute; i++) out.push(result(t(i), f, true));
    REGIONS.forEach((region, r) => out.push(issue(t(r), f, region)));
  }
  if (m === 5) {
    const [invoices, accounts, orders] = FEEDS as [Feed, Feed, Feed];
    for (let i = 0; i < 25; i++) out.push(issue(t(10 + i), invoices, 'NORTH', 'account_id', 'reference.account_id'));
    for (let i = 0; i < 15; i++) out.push(issue(t(40 + i), orders, 'NORTH', 'account_id', 'reference.account_id'));
    for (let i = 0; i < 12; i++) out.push(issue(t(60 + i), accounts, 'NORTH'));
  }
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
  const records = minute(m);
  await produce(records);
  await waitFor(async () => (await windowEvents()).find((r) => r.window_start === T0 + m * MIN)?.events === records.length, { timeoutMs: 60_000, description: `minute ${m} folded` });
}

const windowEvents = async () => {
  const rows: { window_start: number; events: number; analysed_at: Date | null }[] = await db('rca_windows').where({ tenant_id: tenant }).orderBy('window_start').select('window_start', 'events', 'analysed_at');
  return rows;
};

describe('rca app on the real stack', () => {
  it('keeps window state across a restart, names the upstream source of a broken feed rather than its symptoms, and alerts by the tenant\'s own rule', async () => {
    // Rules as POST /alerts/configure stores them: this tenant's, and another tenant's that must not apply here.
    const other = uniqueName('tenant');
    await db('alert_rules').insert([
      { tenant_id: tenant, name: 'erp-feed-watch', metric: '*', min_severity: 'WARNING', enabled: true },
      { tenant_id: tenant, name: 'switched-off', metric: '*', min_severity: 'INFO', enabled: false },
      // A threshold above the finding's confidence_score, and a KPI rule (no KPI moves here): neither fires.
      { tenant_id: tenant, name: 'only-if-certain', metric: '*', threshold: 0.99, min_severity: 'INFO', enabled: true },
      { tenant_id: tenant, name: 'revenue-watch', metric: 'revenue_invoiced', min_severity: 'INFO', enabled: true },
      { tenant_id: other, name: 'other-tenant-rule', metric: '*', min_severity: 'INFO', enabled: true },
    ]);
    app = await startRca(config, { logger, exitOnSignal: false });
    // A live stream: minute after minute (all at once, a partition could run ahead of the others by more
    // than the allowed lateness; see README "Watermark").
    for (const m of [0, 1, 2, 3]) await produceMinute(m);
    await waitFor(async () => (await windowEvents()).filter((r) => r.analysed_at).length === 3, { timeoutMs: 120_000, description: 'three closed minutes analysed' });
    await app.stop();

    // A new instance of the same group: the windows and checkpoint come from PostgreSQL, not from memory.
    app = await startRca(config, { logger, exitOnSignal: false });
    for (const m of [4, 5, 6]) await produceMinute(m);
    const findings = await collectTopic(kafka, 'rca.findings');
    const alerts = await collectTopic(kafka, 'alerts');
    const mine = (c: typeof findings) => c.messages.filter((m) => m.message.key?.toString().startsWith(`${tenant}/`));
    await waitFor(() => mine(findings).length >= 1, { timeoutMs: 90_000, description: 'a finding for the burst minute' });
    await waitFor(() => mine(alerts).length >= 1, { timeoutMs: 30_000, description: 'its alert' });
    await waitFor(async () => (await windowEvents()).filter((r) => r.analysed_at).length === 6, { timeoutMs: 30_000, description: 'minutes 0-5 analysed' });
    await findings.stop();
    await alerts.stop();

    const rows = await windowEvents();
    // Nothing counted twice or lost across the restart: each minute holds exactly what was produced for it.
    expect(rows.map((r) => [r.window_start - T0, r.events])).toEqual([0, 1, 2, 3, 4, 5, 6].map((m) => [m * MIN, minute(m).length]));
    const finding = (await serde.decode(mine(findings)[0]!.message.value!)).value as { window: { start: number }; metric: string; confidence_score: number; root_causes: { rank: number; share: number; dimensions: Record<string, string> }[]; analysis_id: string; recommendations: string[] };
    expect(finding.metric).toBe('quality.issues');
    expect(finding.confidence_score).toBeLessThan(0.99);
    expect(finding.window.start).toBe(T0 + 5 * MIN);
    // Without the graph the search would name account_id in NORTH across billing and ERP (the symptoms).
    expect(finding.root_causes[0]).toMatchObject({ rank: 1, dimensions: { source_system: 'erp', region: 'NORTH' } });
    expect(finding.root_causes[0]!.share).toBeGreaterThan(0.9);
    expect(finding.recommendations[0]).toMatch(/^Check erp in region NORTH \((source:erp|topic:raw\.erp\.account|topic:canonical\.account)\): it is upstream of the failing checks on billing invoices, erp orders, erp accounts, \d+% of the excess issues: billing invoice field account_id unresolved 2\d times \(expected [\d.]+\) since 2026-11-20T00:05Z/);
    const alertsOfTenant = await Promise.all(mine(alerts).map(async (m) => (await serde.decode(m.message.value!)).value as { rule: string; severity: string; finding: { analysis_id: string } }));
    expect(alertsOfTenant.map((a) => a.rule)).toEqual(['erp-feed-watch']);
    expect(alertsOfTenant[0]).toMatchObject({ finding: { analysis_id: finding.analysis_id } });
    expect(rows.find((r) => r.window_start === T0 + 5 * MIN)?.analysed_at).not.toBeNull();
    expect(await db('rca_tenants').where({ tenant_id: tenant }).first('late_events')).toEqual({ late_events: 0 });
  }, 240_000); // seven minutes produced one by one and a restart: on a loaded machine this outlasts the default 120 s
});
