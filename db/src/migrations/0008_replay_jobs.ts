import type { Knex } from 'knex';

/**
 * Replay jobs (read-model rebuilds) started from the CLI or the API: what they rebuild, where (shadow schema,
 * consumer group), the end offsets captured at start, and their progress. Lives in the live schema; the
 * rebuild's own checkpoints live in its shadow schema, so an interrupted job resumes from there.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('replay_jobs', (t) => {
    t.text('id').primary();
    t.text('kind').notNullable(); // rebuild
    t.text('projection').notNullable();
    t.text('live_schema').notNullable();
    t.text('shadow_schema').notNullable();
    t.text('group_id').notNullable();
    t.text('status').notNullable(); // running | swapping | done | failed
    t.jsonb('end_offsets').notNullable(); // { "<topic>": { "<partition>": "<offset>" } }
    t.bigInteger('done').notNullable().defaultTo(0);
    t.bigInteger('total').notNullable().defaultTo(0);
    t.double('rate');
    t.double('eta_seconds');
    t.text('error');
    t.text('requested_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.index(['projection', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('replay_jobs');
}
