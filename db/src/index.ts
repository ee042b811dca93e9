export { createDb, type DbOptions } from './createDb.js';
export { migrateLatest, migrateRollbackAll } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export { createKnexCheckpointStore } from './knexCheckpointStore.js';
