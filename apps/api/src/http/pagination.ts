import { z } from '@rivulet/config';
import type { Knex } from 'knex';
import { ValidationError } from './apiError.js';

export const paginationShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('page size, 1..500'),
  cursor: z.string().max(2_000).optional().describe('opaque cursor from the previous page\'s next_cursor'),
};

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The cursor is the last row's sort key, base64url(JSON): opaque to clients, stateless for the server. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v))), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this endpoint issued' }]);
}

/**
 * Keyset pagination: rows strictly after the cursor in `(columns) desc|asc` order, one extra row fetched to
 * know whether a next page exists. A row-value comparison keeps it one index range scan, and the order is
 * total because the columns end in a unique key.
 */
export async function paginate<T extends Record<string, unknown>>(
  query: Knex.QueryBuilder,
  options: { columns: readonly string[]; direction: 'asc' | 'desc'; limit: number; cursor?: string | undefined; keyOf?: (row: T) => unknown[] },
): Promise<Page<T>> {
  const { columns, direction, limit } = options;
  if (options.cursor !== undefined) {
    const values = decodeCursor(options.cursor, columns.length);
    const op = direction === 'desc' ? '<' : '>';
    query.whereRaw(`(${columns.map(() => '??').join(', ')}) ${op} (${columns.map(() => '?').join(', ')})`, [...columns, ...values] as (string | number)[]);
  }
  for (const c of columns) query.orderBy(c, direction);
  const rows = (await query.limit(limit + 1)) as T[];
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const keyOf = options.keyOf ?? ((row: T) => columns.map((c) => row[c.split('.').at(-1)!]));
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
