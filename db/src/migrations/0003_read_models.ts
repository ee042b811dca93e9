import type { Knex } from 'knex';

/**
 * Read models served by the query API (columns documented in db/README.md).
 *
 * Conventions: every row has `tenant_id`; times are `timestamptz` (UTC); projected event rows are keyed by
 * the event's deterministic `envelope.event_id` and written with `on conflict do nothing`, so a replay
 * changes nothing; `projected_at`/`updated_at` are the only volatile columns (left out of the rebuild
 * checksum). Column names avoid SQL reserved words (`check_name`, `window_size`, `*_offset`) so hand-written
 * SQL needs no quoting. Multi-column primary keys use '' (not NULL) for an absent dimension.
 *
 * Row-level security: every table gets a policy on `current_setting('rivulet.tenant_id', true)`. The
 * projector writes as the table owner, which RLS does not restrict (no FORCE, on purpose); the API connects
 * as (or `SET LOCAL ROLE`s to) `rivulet_api`, which it does restrict.
 */

const PROJECTED = [
  'data_sources', 'transformations', 'canonical_records', 'quality_checks', 'quality_issues', 'reconciliation_results',
  'entities', 'entity_members', 'kpis', 'kpi_fact_events', 'rca_analyses', 'alerts',
] as const;
/** Written by the API itself, not by the projector. */
const API_OWNED = ['alert_rules', 'audit_log', 'api_keys'] as const;
export const READ_MODEL_TABLES = [...PROJECTED, ...API_OWNED] as const;

const API_ROLE = 'rivulet_api';

export async function up(knex: Knex): Promise<void> {
  const eventTime = (t: Knex.CreateTableBuilder) => t.timestamp('event_time', { useTz: true }).notNullable();
  const projectedAt = (t: Knex.CreateTableBuilder) => t.timestamp('projected_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  /** The RecordRef an event is about, flattened (record_event_id is the referenced event's id). */
  const recordRef = (t: Knex.CreateTableBuilder, prefix = 'record') => {
    t.text(`${prefix}_event_id`).notNullable();
    t.text('source_system').notNullable();
    t.text(`${prefix}_entity`).notNullable();
    t.text(`${prefix}_id`).notNullable();
    t.text(`${prefix}_topic`).notNullable();
    t.integer(`${prefix}_partition`).notNullable();
    t.bigInteger(`${prefix}_offset`).notNullable();
  };

  await knex.schema.createTable('data_sources', (t) => {
    t.text('tenant_id').notNullable();
    t.text('source_system').notNullable();
    t.text('entity').notNullable();
    t.text('topic').notNullable();
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_ingest_at', { useTz: true }).notNullable();
    t.bigInteger('record_count').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'source_system', 'entity']);
  });

  await knex.schema.createTable('transformations', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    t.text('entity').notNullable();
    t.text('record_key').notNullable();
    recordRef(t, 'source');
    t.text('mapping_version');
    t.jsonb('history').notNullable();
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.index(['tenant_id', 'event_time']);
    t.index(['tenant_id', 'source_event_id']);
    t.index(['tenant_id', 'record_key']);
  });

  await knex.schema.createTable('canonical_records', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    t.text('entity').notNullable();
    t.text('record_key').notNullable();
    recordRef(t, 'source');
    t.text('region');
    t.text('segment');
    t.text('status');
    t.bigInteger('amount_minor');
    t.text('currency');
    t.timestamp('occurred_at', { useTz: true });
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('kafka_offset').notNullable();
    t.jsonb('payload').notNullable();
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.index(['tenant_id', 'entity', 'event_time']);
    t.index(['tenant_id', 'record_key']);
    t.index(['tenant_id', 'source_event_id']);
    t.index(['tenant_id', 'region', 'segment']);
  });

  await knex.schema.createTable('quality_checks', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    recordRef(t);
    t.text('entity').notNullable();
    t.double('score').notNullable();
    t.text('status').notNullable();
    t.integer('checks_evaluated').notNullable();
    t.jsonb('failed_checks').notNullable();
    t.double('anomaly_score');
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.index(['tenant_id', 'event_time']);
    t.index(['tenant_id', 'record_event_id']);
    t.index(['tenant_id', 'entity', 'status', 'event_time']);
  });

  await knex.schema.createTable('quality_issues', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    recordRef(t);
    t.text('entity').notNullable();
    t.text('field');
    t.text('check_name').notNullable();
    t.text('region');
    t.text('segment');
    t.text('severity').notNullable();
    t.text('observed_value');
    t.text('expected');
    t.text('message').notNullable();
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.index(['tenant_id', 'event_time']);
    t.index(['tenant_id', 'source_system', 'entity', 'check_name', 'event_time']);
    t.index(['tenant_id', 'region', 'segment', 'event_time']);
    t.index(['tenant_id', 'record_event_id']);
  });

  await knex.schema.createTable('reconciliation_results', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    recordRef(t);
    t.text('entity_id').notNullable();
    t.text('previous_entity_id');
    t.double('confidence').notNullable();
    t.text('decision').notNullable();
    t.jsonb('candidates').notNullable();
    t.text('matcher_version').notNullable();
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.index(['tenant_id', 'entity_id']);
    t.index(['tenant_id', 'record_event_id']);
    t.index(['tenant_id', 'event_time']);
    t.index(['tenant_id', 'decision', 'event_time']);
  });

  await knex.schema.createTable('entities', (t) => {
    t.text('tenant_id').notNullable();
    t.text('entity_id').notNullable();
    t.text('status').notNullable(); // ACTIVE | MERGED
    t.text('merged_into');
    t.jsonb('golden').notNullable();
    t.integer('version').notNullable();
    t.text('merge_strategy').notNullable();
    t.integer('member_count').notNullable();
    t.text('region');
    t.text('segment');
    t.text('last_event_id').notNullable();
    t.text('trace_id');
    eventTime(t);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'entity_id']);
    t.index(['tenant_id', 'status', 'event_time']);
  });

  await knex.schema.createTable('entity_members', (t) => {
    t.text('tenant_id').notNullable();
    t.text('entity_id').notNullable();
    t.text('member_key').notNullable(); // <source_system>:<entity>:<record_id>
    recordRef(t);
    t.double('confidence').notNullable();
    t.timestamp('joined_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'entity_id', 'member_key']);
    t.index(['tenant_id', 'member_key']);
    t.index(['tenant_id', 'record_event_id']);
  });

  await knex.schema.createTable('kpis', (t) => {
    t.text('tenant_id').notNullable();
    t.text('kpi').notNullable();
    t.text('window_size').notNullable(); // hour | day
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.text('region').notNullable(); // '' = not set
    t.text('segment').notNullable(); // '' = not set
    t.text('source_system').notNullable();
    t.text('unit').notNullable();
    t.decimal('value', null).notNullable(); // numeric without scale: exact sums of minor units and ratios
    t.bigInteger('count').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'kpi', 'window_size', 'window_start', 'region', 'segment', 'source_system', 'unit']);
    t.index(['tenant_id', 'kpi', 'window_size', 'window_start']);
  });

  // Guard of the additive KPI upsert: a fact whose event id is already here is not added again, even if the
  // same event arrives at another offset (re-ingestion) where the checkpoint alone would not catch it.
  await knex.schema.createTable('kpi_fact_events', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
  });

  await knex.schema.createTable('rca_analyses', (t) => {
    t.text('tenant_id').notNullable();
    t.text('analysis_id').notNullable();
    t.text('event_id').notNullable();
    t.text('metric').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.timestamp('window_end', { useTz: true }).notNullable();
    t.jsonb('root_causes').notNullable();
    t.jsonb('correlations').notNullable();
    t.jsonb('trends').notNullable();
    t.jsonb('predictions').notNullable();
    t.jsonb('recommendations').notNullable();
    t.double('confidence').notNullable();
    t.text('trace_id');
    eventTime(t);
    projectedAt(t);
    t.primary(['tenant_id', 'analysis_id']);
    t.index(['tenant_id', 'window_start']);
    t.index(['tenant_id', 'event_time']);
  });

  await knex.schema.createTable('alerts', (t) => {
    t.text('tenant_id').notNullable();
    t.text('alert_id').notNullable();
    t.text('event_id').notNullable();
    t.text('rule').notNullable();
    t.text('severity').notNullable(); // INFO | WARNING | CRITICAL
    t.text('message').notNullable();
    t.text('finding_topic');
    t.text('finding_event_id');
    t.text('finding_analysis_id');
    t.jsonb('dimensions').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable(); // envelope.event_time
    t.text('trace_id');
    // Set by the API (POST acknowledge), never by the projector; a shadow rebuild must carry them over.
    t.boolean('acknowledged').notNullable().defaultTo(false);
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    projectedAt(t);
    t.primary(['tenant_id', 'alert_id']);
    t.index(['tenant_id', 'created_at']);
    t.index(['tenant_id', 'acknowledged', 'severity', 'created_at']);
  });

  await knex.schema.createTable('alert_rules', (t) => {
    t.text('tenant_id').notNullable();
    t.text('name').notNullable();
    t.text('metric').notNullable();
    t.text('min_severity').notNullable().defaultTo('WARNING');
    t.double('threshold');
    t.jsonb('config').notNullable().defaultTo('{}');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'name']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.text('tenant_id').notNullable();
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('target');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'at']);
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.text('id').primary();
    t.text('tenant_id').notNullable();
    t.text('name').notNullable();
    t.text('key_hash').notNullable().unique();
    t.text('role').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.index(['tenant_id']);
  });
  await knex.raw(`alter table api_keys add constraint api_keys_role_check check (role in ('viewer', 'operator', 'admin'))`);
  await knex.raw(`alter table kpis add constraint kpis_window_size_check check (window_size in ('hour', 'day'))`);

  const tenantIs = `tenant_id = current_setting('rivulet.tenant_id', true)`;
  for (const table of READ_MODEL_TABLES) {
    await knex.raw('alter table ?? enable row level security', [table]);
    // api_keys: a key is found by its hash before the tenant is known, so a request may also see the one
    // row whose hash it holds (set `rivulet.api_key_hash` for that lookup). Knowing the hash means holding the key.
    const using = table === 'api_keys' ? `${tenantIs} or key_hash = current_setting('rivulet.api_key_hash', true)` : tenantIs;
    await knex.raw(`create policy tenant_isolation on ?? using (${using}) with check (${tenantIs})`, [table]);
  }

  await ensureApiRole(knex);
}

/**
 * Creates `rivulet_api` when the migration user may (a superuser locally; elsewhere a DBA creates it) and
 * grants it what the API needs. Idempotent, and safe when several schemas migrate at once (a concurrent
 * CREATE ROLE raises duplicate_object, which is ignored).
 */
async function ensureApiRole(knex: Knex): Promise<void> {
  const selects = [...PROJECTED.filter((t) => t !== 'kpi_fact_events'), ...API_OWNED, 'projection_checkpoints'];
  await knex.raw(`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = '${API_ROLE}') then
        begin
          create role ${API_ROLE} nologin;
        exception
          when duplicate_object or unique_violation then null;
          when insufficient_privilege then
            raise notice 'cannot create role ${API_ROLE}: ask a DBA to create it, then re-run the grants';
        end;
      end if;
      if exists (select 1 from pg_roles where rolname = '${API_ROLE}') then
        execute format('grant usage on schema %I to ${API_ROLE}', current_schema());
        grant select on ${selects.join(', ')} to ${API_ROLE};
        grant insert, update, delete on alert_rules to ${API_ROLE};
        grant insert on audit_log to ${API_ROLE};
        grant insert, update on api_keys to ${API_ROLE};
        grant update (acknowledged, acknowledged_at, acknowledged_by) on alerts to ${API_ROLE};
        grant usage on sequence audit_log_id_seq to ${API_ROLE};
      end if;
    end
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...READ_MODEL_TABLES].reverse()) await knex.schema.dropTableIfExists(table);
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = '${API_ROLE}') then
        execute format('revoke usage on schema %I from ${API_ROLE}', current_schema());
        revoke select on projection_checkpoints from ${API_ROLE};
      end if;
    end
    $$;
  `);
}
