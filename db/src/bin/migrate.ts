/** `npm run migrate`: brings DATABASE_URL's schema to the latest version. */
import { createDb } from '../createDb.js';
import { migrateLatest } from '../migrate.js';

const url = process.env.DATABASE_URL ?? 'postgres://rivulet:rivulet@127.0.0.1:15432/rivulet';
const db = createDb({ url, applicationName: 'rivulet-migrate' });
try {
  const applied = await migrateLatest(db, process.env.DB_SCHEMA ? { schemaName: process.env.DB_SCHEMA } : {});
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
