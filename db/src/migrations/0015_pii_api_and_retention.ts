import type { Knex } from 'knex';

const API_ROLE = 'rivulet_api';

/**
 * Issue #15, personal data and retention.
 *
 * 1. `pii_subject_keys` gets the read models' tenant policy, and the API role may read keys (to reveal
 *    personal fields to authorised callers) and destroy them (`POST /admin/subjects/forget`). Inside the
 *    API's tenant-scoped transaction row-level security keeps both to the caller's tenant; processors and
 *    the CLI connect as the table owner, which the policy does not restrict (no FORCE, as in 0003).
 * 2. Retention of raw quality issues: `quality_issue_daily` holds per-day counts of the issues the
 *    retention job deleted from `quality_issues`; `quality_issue_summarised` is its guard (like
 *    kpi_fact_events): an issue re-projected after it was summarised (a rebuild from offset zero, a
 *    replay) is deleted again without being counted twice. Neither table is rebuilt from Kafka, so a
 *    rebuild does not swap them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quality_issue_daily', (t) => {
    t.text('tenant_id').notNullable();
    t.date('day').notNullable(); // UTC day of event_time
    t.text('source_system').notNullable();
    t.text('entity').notNullable();
    t.text('field').notNullable(); // '' = not set
    t.text('check_name').notNullable();
    t.text('severity').notNullable();
    t.text('region').notNullable(); // '' = not set
    t.text('segment').notNullable(); // '' = not set
    t.bigInteger('issues').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'day', 'source_system', 'entity', 'field', 'check_name', 'severity', 'region', 'segment']);
  });
  await knex.schema.createTable('quality_issue_summarised', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    t.timestamp('event_time', { useTz: true }).notNullable();
    t.index(['event_time']);
  });

  const tenantIs = `tenant_id = current_setting('rivulet.tenant_id', true)`;
  for (const table of ['pii_subject_keys', 'quality_issue_daily', 'quality_issue_summarised']) {
    await knex.raw('alter table ?? enable row level security', [table]);
    await knex.raw(`create policy tenant_isolation on ?? using (${tenantIs}) with check (${tenantIs})`, [table]);
  }
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = '${API_ROLE}') then
        execute format('grant usage on schema %I to ${API_ROLE}', current_schema());
        grant select, insert on pii_subject_keys to ${API_ROLE};
        grant update (wrapped_key, key_id, destroyed_at) on pii_subject_keys to ${API_ROLE};
        grant select on quality_issue_daily to ${API_ROLE};
      end if;
    end
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop policy if exists tenant_isolation on pii_subject_keys');
  await knex.raw('alter table pii_subject_keys disable row level security');
  await knex.schema.dropTableIfExists('quality_issue_summarised');
  await knex.schema.dropTableIfExists('quality_issue_daily');
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = '${API_ROLE}') then
        revoke all on pii_subject_keys from ${API_ROLE};
      end if;
    end
    $$;
  `);
}
