import type { Knex } from 'knex';

/**
 * State of the match processor (apps/match/README.md). It outlives the process: a restarted or rebalanced
 * instance reloads the slice around each incoming record from here. Written only by the match app, in the
 * same transaction as its outbox rows and its projection checkpoint.
 *
 * Personal data: `match_records.record` keeps the personal fields exactly as they arrived (ciphertext
 * `pii:v1:`), so crypto-shredding a subject also erases it here. Blocking keys and sort keys are keyed
 * hashes (HMAC), never clear text. Comparison vectors hold agreement levels only.
 *
 * The outbox table is defined here rather than through @rivulet/outbox: a shipped migration must not change
 * when a library does.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('match_records', (t) => {
    t.text('tenant_id').notNullable();
    t.text('party_key').notNullable();
    t.jsonb('record').notNullable();
    t.text('entity_id').notNullable();
    t.text('review_link').nullable();
    t.bigInteger('event_time').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'party_key']);
    t.index(['tenant_id', 'entity_id']);
  });
  await knex.schema.createTable('match_block_keys', (t) => {
    t.text('tenant_id').notNullable();
    t.text('block_key').notNullable();
    t.text('party_key').notNullable();
    t.text('sort_key').notNullable();
    t.primary(['tenant_id', 'block_key', 'party_key']);
    t.index(['tenant_id', 'party_key']);
  });
  await knex.schema.createTable('match_edges', (t) => {
    t.text('tenant_id').notNullable();
    t.text('a').notNullable();
    t.text('b').notNullable();
    t.double('score').notNullable();
    t.jsonb('matched_fields').notNullable().defaultTo('[]');
    t.primary(['tenant_id', 'a', 'b']);
    t.index(['tenant_id', 'b']);
  });
  await knex.schema.createTable('match_entities', (t) => {
    t.text('tenant_id').notNullable();
    t.text('entity_id').notNullable();
    t.jsonb('members').notNullable();
    t.jsonb('membership').notNullable();
    t.bigInteger('version').notNullable();
    t.boolean('active').notNullable();
    t.text('merged_into').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'entity_id']);
  });
  await knex.schema.createTable('match_models', (t) => {
    t.text('tenant_id').notNullable();
    t.text('version').notNullable();
    t.jsonb('model').notNullable();
    t.integer('pairs').notNullable().defaultTo(0);
    t.timestamp('trained_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'version']);
    t.index(['tenant_id', 'trained_at']);
  });
  await knex.schema.createTable('match_pair_vectors', (t) => {
    t.bigIncrements('id').primary();
    t.text('tenant_id').notNullable();
    t.jsonb('vector').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'id']);
  });
  await knex.schema.createTable('match_outbox', (t) => {
    t.bigIncrements('id').primary();
    t.text('topic').notNullable();
    t.text('key').nullable();
    t.binary('value').nullable();
    t.jsonb('headers').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['match_outbox', 'match_pair_vectors', 'match_models', 'match_entities', 'match_edges', 'match_block_keys', 'match_records']) {
    await knex.schema.dropTableIfExists(table);
  }
}
