import type { Knex } from 'knex';

/**
 * Replay jobs get a tenant (issue #14: replays act within the caller's tenant). `tenant_id` null is a
 * platform-wide rebuild (CLI only); a tenant's rebuild replaces that tenant's rows only. Row-level security
 * as on the read models, and read access for the API role, so `GET /replays/:id` in a tenant-scoped
 * transaction never sees another tenant's job (nor a platform-wide one). Jobs are written by the replay
 * service with the owner's connection.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('replay_jobs', (t) => {
    t.text('tenant_id');
    t.index(['projection', 'tenant_id', 'status']);
  });
  await knex.raw('alter table replay_jobs enable row level security');
  await knex.raw(`create policy tenant_isolation on replay_jobs using (tenant_id = current_setting('rivulet.tenant_id', true)) with check (tenant_id = current_setting('rivulet.tenant_id', true))`);
  await knex.raw(`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'rivulet_api') then
        grant select on replay_jobs to rivulet_api;
      end if;
    end
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop policy if exists tenant_isolation on replay_jobs');
  await knex.raw('alter table replay_jobs disable row level security');
  await knex.schema.alterTable('replay_jobs', (t) => {
    t.dropIndex(['projection', 'tenant_id', 'status']);
    t.dropColumn('tenant_id');
  });
}
