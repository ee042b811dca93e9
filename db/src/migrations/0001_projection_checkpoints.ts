import type { Knex } from 'knex';

/**
 * Where each projection has got to in each input partition. The projector writes a batch's rows and this
 * row in one PostgreSQL transaction, so a redelivered or replayed event (offset < next_offset) changes
 * nothing twice, whatever Kafka's own committed offsets say.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projection_checkpoints', (t) => {
    t.text('projection').notNullable();
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('next_offset').notNullable();
    t.bigInteger('events_applied').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['projection', 'topic', 'partition']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('projection_checkpoints');
}
