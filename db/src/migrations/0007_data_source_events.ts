import type { Knex } from 'knex';

/**
 * Guard of `data_sources.record_count`, like `kpi_fact_events` for KPIs: the raw event ids already counted.
 * With it the count is idempotent by itself (a re-ingested record version, or a replay into the same schema
 * under a fresh checkpoint, counts once), not only through the projector's checkpoint.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_source_events', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
  });
  await knex.raw('alter table data_source_events enable row level security');
  await knex.raw(`create policy tenant_isolation on data_source_events using (tenant_id = current_setting('rivulet.tenant_id', true)) with check (tenant_id = current_setting('rivulet.tenant_id', true))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('data_source_events');
}
