import type { Knex } from 'knex';

/**
 * State of the quality processor (apps/quality), kept in PostgreSQL so the process itself stays disposable.
 *
 * - `anomaly_models`: one row per trained isolation-forest version per tenant/source/entity; the app loads the
 *   newest version at start and appends a new one every N good records.
 * - `quality_seen_keys`: which event first carried a duplicate key (keyed HMAC of the key, never the values).
 *   Written with `on conflict`, keyed by event id, so a redelivered record finds its own row and is not its
 *   own duplicate.
 * - `quality_known_records`: record ids seen per tenant and source entity, for `reference` checks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('anomaly_models', (t) => {
    t.text('tenant_id').notNullable();
    t.text('source_system').notNullable();
    t.text('entity').notNullable();
    t.integer('model_version').notNullable();
    t.jsonb('model').notNullable();
    t.timestamp('trained_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'source_system', 'entity', 'model_version']);
  });

  await knex.schema.createTable('quality_seen_keys', (t) => {
    t.text('tenant_id').notNullable();
    t.text('entity').notNullable();
    t.text('key_hash').notNullable();
    t.text('first_event_id').notNullable();
    t.bigInteger('first_event_time').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'entity', 'key_hash']);
  });

  await knex.schema.createTable('quality_known_records', (t) => {
    t.text('tenant_id').notNullable();
    t.text('entity').notNullable();
    t.text('record_id').notNullable();
    t.text('first_event_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'entity', 'record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quality_known_records');
  await knex.schema.dropTableIfExists('quality_seen_keys');
  await knex.schema.dropTableIfExists('anomaly_models');
}
