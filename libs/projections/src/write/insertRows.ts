import type { Knex } from 'knex';

/**
 * Rows per INSERT statement. PostgreSQL allows 65 535 bind parameters per statement; our widest table has
 * ~25 columns, so 500 rows stay far below while making one statement do the work of hundreds.
 */
export const ROWS_PER_STATEMENT = 500;

export function chunked<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Multi-row `insert ... on conflict (<key>) do nothing`: an event already projected changes nothing. */
export async function insertIgnore(tx: Knex.Transaction, table: string, rows: readonly object[], conflict: string[]): Promise<void> {
  for (const chunk of chunked(rows)) await tx(table).insert(chunk).onConflict(conflict).ignore();
}

/**
 * The last row per key, in order of last occurrence. An upsert statement must not touch one row twice
 * (`ON CONFLICT DO UPDATE command cannot affect row a second time`), and the last event is the state.
 */
export function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    byKey.delete(k);
    byKey.set(k, row);
  }
  return [...byKey.values()];
}
