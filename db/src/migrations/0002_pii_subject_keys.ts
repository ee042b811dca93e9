import type { Knex } from 'knex';

/**
 * Wrapped per-subject data keys (crypto-shredding). Destroying a subject wipes `wrapped_key` and sets
 * `destroyed_at`; the row stays so the subject is never silently given a fresh key, and so the erasure
 * itself is auditable. This table must be backed up with care: a restored old backup would resurrect keys.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pii_subject_keys', (t) => {
    t.text('tenant_id').notNullable();
    t.text('subject_id').notNullable();
    t.binary('wrapped_key').nullable();
    t.text('key_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('destroyed_at', { useTz: true }).nullable();
    t.primary(['tenant_id', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pii_subject_keys');
}
