import knex, { type Knex } from 'knex';
import pg from 'pg';

// PostgreSQL `bigint` (int8) arrives as a string by default so large values are not silently rounded;
// offsets and counters fit in a JS number (2^53) for any realistic topic, so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface DbOptions {
  url: string;
  /** Pool size; the projector needs few connections, the API more. */
  maxConnections?: number;
  /** `search_path` for every connection (shadow schemas during rebuilds). */
  searchPath?: string[];
  applicationName?: string;
}

export function createDb(options: DbOptions): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: options.url, application_name: options.applicationName ?? 'rivulet' },
    pool: { min: 0, max: options.maxConnections ?? 10 },
    ...(options.searchPath ? { searchPath: options.searchPath } : {}),
  });
}
