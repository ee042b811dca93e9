import { z } from '@rivulet/config';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { pageSchema, toNumber, tx } from './common.js';

const sourceRow = z.object({
  source_system: z.string(), entity: z.string(), topic: z.string(), first_seen_at: z.string(), last_seen_at: z.string(),
  last_ingest_at: z.string(), record_count: z.number(),
});

export function sourceRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/sources', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Data sources seen for the tenant, with record counts and last activity',
      query: z.object({ source: z.string().max(100).optional(), ...paginationShape }),
      response: pageSchema(sourceRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('data_sources').select('source_system', 'entity', 'topic', 'first_seen_at', 'last_seen_at', 'last_ingest_at', 'record_count');
        if (query.source) q.where({ source_system: query.source });
        const page = await paginate<Record<string, unknown>>(q, { columns: ['source_system', 'entity'], direction: 'asc', limit: query.limit, cursor: query.cursor });
        return { ...page, items: page.items.map((r) => ({ ...r, record_count: toNumber(r.record_count) })) };
      },
    }),
  ];
}
