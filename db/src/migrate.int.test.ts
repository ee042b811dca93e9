import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './createDb.js';
import { migrateLatest, migrateRollbackAll } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const db = createDb({ url: stackEnv(process.env).databaseUrl });
afterAll(() => db.destroy());

describe('migrations on the real PostgreSQL', () => {
  it('apply in a fresh schema, are idempotent, and roll back cleanly', async () => {
    const schemaName = uniqueName('m').replaceAll('-', '_');
    const applied = await migrateLatest(db, { schemaName });
    expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrateLatest(db, { schemaName })).toEqual([]);
    const tables = await db('information_schema.tables').where({ table_schema: schemaName }).pluck('table_name');
    expect(tables).toContain('projection_checkpoints');
    await migrateRollbackAll(db, { schemaName });
    const after = await db('information_schema.tables').where({ table_schema: schemaName, table_name: 'projection_checkpoints' });
    expect(after).toHaveLength(0);
    await db.raw('drop schema ?? cascade', [schemaName]);
  });
});
