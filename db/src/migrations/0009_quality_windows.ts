import type { Knex } from 'knex';

/**
 * Quality per source and window (issue #6 point 3), and re-evaluation with new rules.
 *
 * - `quality_checks` holds the CURRENT verdict of each record: a verdict of another rules version (the
 *   derived event id includes it) replaces the row of the same `(tenant_id, record_event_id)` when it is
 *   later in `quality.results` (Kafka timestamp, then partition and offset: a total order stored in the log,
 *   so a rebuild ends with the same rows). The columns added here are what the window counters need to
 *   take an old verdict's contribution back.
 * - `quality_issues.rules_version`: issues of every version are kept (history, and a rebuild sees them in
 *   another order across topics); the API serves those whose version is the record's current verdict's.
 * - `quality_window_stats`: counters per tenant × source × entity × window (hour, day) × metric × name
 *   (records, status/PASS|WARN|FAIL, score_sum, invalid, duplicate, observed/<field>, present/<field>,
 *   evaluated/<check>, failed/<check>). Sums in `numeric` (exact, order-free, like `kpis`); a counter that
 *   sums to 0 is deleted, so the rows do not depend on the order verdicts were replaced in.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quality_checks', (t) => {
    t.text('rules_version');
    t.bigInteger('result_time'); // Kafka timestamp (epoch ms) of the verdict event
    t.integer('result_partition');
    t.bigInteger('result_offset');
    t.jsonb('passed_checks').notNullable().defaultTo('[]');
    t.jsonb('window_failed_checks').notNullable().defaultTo('[]');
    t.jsonb('field_presence').notNullable().defaultTo('{}');
    t.boolean('invalid').notNullable().defaultTo(false);
    t.boolean('duplicate').notNullable().defaultTo(false);
    // Rows projected before this migration were never added to the window counters: nothing to take back.
    t.boolean('in_windows').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('quality_issues', (t) => {
    t.text('rules_version');
  });

  await knex.schema.createTable('quality_window_stats', (t) => {
    t.text('tenant_id').notNullable();
    t.text('source_system').notNullable();
    t.text('entity').notNullable();
    t.text('window_size').notNullable(); // hour | day
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.text('metric').notNullable();
    t.text('name').notNullable(); // '' for record-level metrics
    t.decimal('value', null).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'source_system', 'entity', 'window_size', 'window_start', 'metric', 'name']);
    t.index(['tenant_id', 'window_size', 'window_start']);
  });
  await knex.raw(`alter table quality_window_stats add constraint quality_window_stats_window_size_check check (window_size in ('hour', 'day'))`);
  await knex.raw('alter table quality_window_stats enable row level security');
  await knex.raw(`create policy tenant_isolation on quality_window_stats using (tenant_id = current_setting('rivulet.tenant_id', true)) with check (tenant_id = current_setting('rivulet.tenant_id', true))`);
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'rivulet_api') then
        grant select on quality_window_stats to rivulet_api;
      end if;
    end
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quality_window_stats');
  await knex.schema.alterTable('quality_issues', (t) => t.dropColumn('rules_version'));
  await knex.schema.alterTable('quality_checks', (t) => {
    for (const c of ['rules_version', 'result_time', 'result_partition', 'result_offset', 'passed_checks', 'window_failed_checks', 'field_presence', 'invalid', 'duplicate', 'in_windows']) t.dropColumn(c);
  });
}
