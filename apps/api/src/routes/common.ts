import { z } from '@rivulet/config';
import type { Knex } from 'knex';
import type { Admin } from 'kafkajs';
import type { Logger } from '@rivulet/runtime';
import type { MappingCatalog } from '@rivulet/transform';
import type { FreshnessSource } from '../freshness/freshness.js';
import type { ResponseCache } from '../freshness/responseCache.js';
import { ApiError } from '../http/apiError.js';

/** What route factories get: the server's dependencies plus the shared freshness source and cache. */
export interface RouteDeps {
  db: Knex;
  logger: Logger;
  kafkaAdmin?: Admin | undefined;
  registryUrl?: string | undefined;
  mappings: MappingCatalog;
  now: () => number;
  freshness: FreshnessSource;
  cache: ResponseCache;
  healthTimeoutMs: number;
  seedBodyLimit: string;
  fetch: typeof fetch;
}

export const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');

export const timeRangeShape = {
  from: isoDateTime.optional().describe('inclusive lower bound (ISO 8601)'),
  to: isoDateTime.optional().describe('exclusive upper bound (ISO 8601)'),
};

/** Applies an optional [from, to) range on a timestamp column. */
export function inRange(query: Knex.QueryBuilder, column: string, range: { from?: string | undefined; to?: string | undefined }): Knex.QueryBuilder {
  if (range.from) query.where(column, '>=', range.from);
  if (range.to) query.where(column, '<', range.to);
  return query;
}

/** A list response: a page of items (freshness is added by the route runner). */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable(), freshness: z.unknown().optional() });

export const tx = (t: Knex.Transaction | undefined): Knex.Transaction => {
  if (!t) throw new ApiError(500, 'Internal Server Error', 'route ran without its transaction');
  return t;
};

/** PostgreSQL numeric arrives as a string (exact); the read model's sums fit a double, so expose numbers. */
export const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
