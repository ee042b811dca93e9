import type { Knex } from 'knex';

/**
 * State of the RCA app (apps/rca). Event-time windows live here, not in the process:
 *
 * - `rca_windows`: one row per tenant, window size and window start; `state` is the window's counters
 *   (@rivulet/rca WindowAggregate). The fold writes rows and the projector checkpoint in one transaction,
 *   so each event is counted exactly once. `analysed_at`/`analysis_id` are set after the finding was
 *   acknowledged by Kafka.
 * - `rca_tenants`: per tenant, the highest event time seen (the watermark source) and late events dropped.
 *   A window is closed once `window_end + allowed lateness <= max_event_time`; the fold and the analyser
 *   both take the tenant's advisory lock, so they agree on it.
 * Epoch milliseconds are `bigint`, as in the events.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rca_windows', (t) => {
    t.text('tenant_id').notNullable();
    t.bigInteger('size_ms').notNullable();
    t.bigInteger('window_start').notNullable();
    t.bigInteger('window_end').notNullable();
    t.jsonb('state').notNullable();
    t.integer('events').notNullable().defaultTo(0);
    t.text('analysis_id');
    t.timestamp('analysed_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'size_ms', 'window_start']);
  });
  await knex.raw('create index rca_windows_pending on rca_windows (tenant_id, window_end) where analysed_at is null');

  await knex.schema.createTable('rca_tenants', (t) => {
    t.text('tenant_id').primary();
    t.bigInteger('max_event_time').notNullable();
    t.bigInteger('late_events').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rca_tenants');
  await knex.schema.dropTableIfExists('rca_windows');
}
