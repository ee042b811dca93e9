import knexFactory, { type Knex } from 'knex';
import { MIGRATIONS } from './migrations/index.js';

const source: Knex.MigrationSource<{ name: string; module: Knex.Migration }> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration.module,
};

/**
 * Brings the schema to the latest version. Safe to run from several processes at once: knex takes its
 * migration lock table row, so one runs and the others wait and then find nothing to do.
 * `schemaName` puts the tables in another schema (shadow rebuilds of read models).
 */
export async function migrateLatest(knex: Knex, options: { schemaName?: string } = {}): Promise<string[]> {
  return inSchema(knex, options.schemaName, async (scoped, schemaName) => {
    const [, applied] = (await scoped.migrate.latest({ migrationSource: source, ...(schemaName ? { schemaName } : {}) })) as [number, string[]];
    return applied;
  });
}

export async function migrateRollbackAll(knex: Knex, options: { schemaName?: string } = {}): Promise<void> {
  await inSchema(knex, options.schemaName, (scoped, schemaName) =>
    scoped.migrate.rollback({ migrationSource: source, ...(schemaName ? { schemaName } : {}) }, true),
  );
}

/**
 * Migrations create tables in the first schema of `search_path`, so a migration into another schema runs
 * on its own single-connection pool whose search_path starts with that schema; the migrations themselves
 * stay schema-agnostic.
 */
async function inSchema<T>(knex: Knex, schemaName: string | undefined, run: (scoped: Knex, schemaName?: string) => Promise<T>): Promise<T> {
  if (!schemaName) return run(knex);
  await knex.raw('create schema if not exists ??', [schemaName]);
  const scoped = knexFactory({ ...knex.client.config, searchPath: [schemaName, 'public'], pool: { min: 0, max: 1 } });
  try {
    return await run(scoped, schemaName);
  } finally {
    await scoped.destroy();
  }
}
