import { generateApiKey, type Role } from '@rivulet/auth';
import { createDb, migrateLatest } from '@rivulet/db';
import { createLogger } from '@rivulet/runtime';
import { stackEnv, testKafka, uniqueName } from '@rivulet/testkit';
import { loadMappings } from '@rivulet/transform';
import type { Knex } from 'knex';
import { createServer, type ServerDeps } from './createServer.js';

export interface TestTenant {
  id: string;
  keys: Record<Role, string>;
}

/**
 * A real PostgreSQL schema (random name, migrated to latest), a tenant with one key per role and a second
 * tenant, and the server over them. Shared by the API's integration tests.
 */
export async function startTestStack(overrides: Partial<ServerDeps> = {}) {
  const env = stackEnv(process.env);
  const schema = uniqueName('api').replaceAll('-', '_');
  const owner = createDb({ url: env.databaseUrl, maxConnections: 1 });
  await migrateLatest(owner, { schemaName: schema });
  await owner.destroy();
  const db = createDb({ url: env.databaseUrl, searchPath: [schema, 'public'], maxConnections: 6 });
  const kafka = testKafka(env.kafkaBrokers);
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();

  const tenant = async (): Promise<TestTenant> => {
    const id = uniqueName('tenant');
    const keys = {} as Record<Role, string>;
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const k = generateApiKey();
      await db('api_keys').insert({ id: k.keyId, tenant_id: id, name: `${role} key`, key_hash: k.hash, role });
      keys[role] = k.key;
    }
    return { id, keys };
  };
  const a = await tenant();
  const b = await tenant();
  const server = createServer({
    db,
    logger: createLogger('api-test', 'silent'),
    mappings: loadMappings(),
    kafkaAdmin,
    registryUrl: env.schemaRegistryUrl,
    freshnessTtlMs: 0,
    ...overrides,
  });
  return {
    ...server,
    db,
    schema,
    tenants: { a, b },
    async stop() {
      await kafkaAdmin.disconnect();
      await db.raw('drop schema if exists ?? cascade', [schema]);
      await db.destroy();
    },
  };
}

const ms = (iso: string) => new Date(iso);

/** Read-model rows of one tenant: KPIs over 3 hours, quality results of two sources, issues, an RCA finding, entities. */
export async function seedReadModel(db: Knex, tenant: string, opts: { base?: string; scale?: number } = {}) {
  const base = Date.parse(opts.base ?? '2026-11-20T10:00:00Z');
  const scale = opts.scale ?? 1;
  const hour = (h: number) => new Date(base + h * 3_600_000);
  const ref = (id: string, source = 'billing', entity = 'invoice', offset = 1) => ({
    record_event_id: `${tenant}-raw-${id}`, source_system: source, record_entity: entity, record_id: id, record_topic: `raw.${source}.${entity}`, record_partition: 0, record_offset: offset,
  });
  await db('kpis').insert(
    [0, 1, 2].flatMap((h) => [
      { tenant_id: tenant, kpi: 'revenue_invoiced', window_size: 'hour', window_start: hour(h), region: 'NORTH', segment: 'SMB', source_system: 'billing', unit: 'GBP_minor', value: (1000 + h * 100) * scale, count: 2 },
      { tenant_id: tenant, kpi: 'revenue_invoiced', window_size: 'hour', window_start: hour(h), region: 'SOUTH', segment: '', source_system: 'billing', unit: 'GBP_minor', value: 500 * scale, count: 1 },
      { tenant_id: tenant, kpi: 'invoice_count', window_size: 'hour', window_start: hour(h), region: '', segment: '', source_system: 'billing', unit: 'count', value: 3 * scale, count: 3 },
    ]),
  );
  await db('quality_checks').insert([
    ...[0, 1, 2, 3].map((i) => ({ event_id: `${tenant}-qc-b${i}`, tenant_id: tenant, ...ref(`INV-${i}`, 'billing', 'invoice', i), entity: 'invoice', score: i === 0 ? 0.5 : 1, status: i === 0 ? 'FAILED' : 'PASSED', checks_evaluated: 5, failed_checks: JSON.stringify(i === 0 ? ['validity.email'] : []), event_time: hour(0), trace_id: i === 0 ? 'trace-b0' : null })),
    ...[0, 1].map((i) => ({ event_id: `${tenant}-qc-c${i}`, tenant_id: tenant, ...ref(`C-${i}`, 'crm', 'customer', i), entity: 'party', score: 0.75, status: 'PASSED', checks_evaluated: 4, failed_checks: '[]', event_time: hour(1) })),
  ]);
  await db('quality_issues').insert([
    { event_id: `${tenant}-qi-1`, tenant_id: tenant, ...ref('INV-0', 'billing', 'invoice', 0), entity: 'invoice', field: 'customer_email', check_name: 'validity.email', severity: 'FAIL', message: 'customer_email is not an email', event_time: hour(0), trace_id: 'trace-b0' },
    { event_id: `${tenant}-qi-2`, tenant_id: tenant, ...ref('C-0', 'crm', 'customer', 0), entity: 'party', field: 'phone', check_name: 'completeness.phone', severity: 'WARN', message: 'phone is missing', event_time: hour(1) },
  ]);
  await db('canonical_records').insert({
    event_id: `${tenant}-can-INV-0`, tenant_id: tenant, entity: 'invoice', record_key: `${tenant}/INV-0`, source_event_id: `${tenant}-raw-INV-0`, source_system: 'billing', source_entity: 'invoice',
    source_id: 'INV-0', source_topic: 'raw.billing.invoice', source_partition: 0, source_offset: 0, topic: 'canonical.invoice', partition: 1, kafka_offset: 7, payload: '{}', trace_id: 'trace-b0', event_time: hour(0),
  });
  await db('transformations').insert({
    event_id: `${tenant}-can-INV-0`, tenant_id: tenant, entity: 'invoice', record_key: `${tenant}/INV-0`, source_event_id: `${tenant}-raw-INV-0`, source_system: 'billing', source_entity: 'invoice',
    source_id: 'INV-0', source_topic: 'raw.billing.invoice', source_partition: 0, source_offset: 0, mapping_version: 'billing.invoice@1',
    history: JSON.stringify([{ field: 'customer_email', before: 'X@', after: null, rule: 'email' }]), trace_id: 'trace-b0', event_time: hour(0),
  });
  await db('quality_checks').where({ event_id: `${tenant}-qc-b0` }).update({ record_event_id: `${tenant}-can-INV-0` });
  await db('rca_analyses').insert({
    tenant_id: tenant, analysis_id: `${tenant}-rca-1`, event_id: `${tenant}-rca-ev-1`, metric: 'revenue_invoiced', window_start: hour(2), window_end: hour(3),
    root_causes: JSON.stringify([{ dimensions: { region: 'SOUTH' }, share: 0.2, surprise: 1, explanatory_power: 0.2, rank: 2 }, { dimensions: { region: 'NORTH', source: 'billing' }, share: 0.8, surprise: 3, explanatory_power: 0.8, rank: 1 }]),
    correlations: '[]', trends: '[]', predictions: '[]', recommendations: JSON.stringify(['Investigate region=NORTH']), confidence: 0.9, event_time: hour(3),
  });
  await db('entities').insert([
    { tenant_id: tenant, entity_id: `${tenant}-ent-1`, status: 'ACTIVE', golden: JSON.stringify({ party_type: 'ORGANIZATION', organization_name: 'Acme Widgets Ltd', email: 'enc:v1:xyz' }), version: 2, merge_strategy: 'priority_based', member_count: 2, region: 'NORTH', last_event_id: 'g1', event_time: hour(0) },
    { tenant_id: tenant, entity_id: `${tenant}-ent-2`, status: 'ACTIVE', golden: JSON.stringify({ party_type: 'PERSON', full_name: 'enc:v1:abc' }), version: 1, merge_strategy: 'priority_based', member_count: 1, region: 'SOUTH', last_event_id: 'g2', event_time: hour(1) },
  ]);
  await db('entity_members').insert([
    { tenant_id: tenant, entity_id: `${tenant}-ent-1`, member_key: 'crm:customer:C-0', ...ref('C-0', 'crm', 'customer', 0), confidence: 0.97, joined_at: hour(0) },
    { tenant_id: tenant, entity_id: `${tenant}-ent-1`, member_key: 'billing:invoice:INV-0', ...ref('INV-0'), record_event_id: `${tenant}-can-INV-0`, confidence: 0.88, joined_at: hour(0) },
    { tenant_id: tenant, entity_id: `${tenant}-ent-2`, member_key: 'crm:customer:C-1', ...ref('C-1', 'crm', 'customer', 1), confidence: 1, joined_at: hour(1) },
  ]);
  await db('alerts').insert({ tenant_id: tenant, alert_id: `${tenant}-alert-1`, event_id: `${tenant}-alert-ev-1`, rule: 'revenue_drop', severity: 'CRITICAL', message: 'revenue fell', dimensions: '{}', created_at: hour(3) });
  await db('data_sources').insert([
    { tenant_id: tenant, source_system: 'billing', entity: 'invoice', topic: 'raw.billing.invoice', first_seen_at: hour(0), last_seen_at: hour(2), last_ingest_at: hour(2), record_count: 4 },
    { tenant_id: tenant, source_system: 'crm', entity: 'customer', topic: 'raw.crm.customer', first_seen_at: hour(0), last_seen_at: hour(1), last_ingest_at: hour(1), record_count: 2 },
  ]);
  return { base, hour, from: hour(0).toISOString(), to: hour(4).toISOString() };
}

export { ms };
