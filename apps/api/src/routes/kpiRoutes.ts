import { z } from '@rivulet/config';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, toNumber, tx } from './common.js';

const kpiRow = z.object({
  kpi: z.string(), window: z.enum(['hour', 'day']), window_start: z.string(), region: z.string().nullable(), segment: z.string().nullable(),
  source: z.string(), unit: z.string(), value: z.number(), count: z.number(),
});

export const kpiQuery = z.object({
  name: z.string().max(100).optional().describe('KPI name, e.g. revenue_invoiced'),
  window: z.enum(['hour', 'day']).default('hour'),
  region: z.string().max(100).optional(),
  segment: z.string().max(100).optional(),
  source: z.string().max(100).optional().describe('source system'),
  ...timeRangeShape,
  ...paginationShape,
});

const COLUMNS = ['window_start', 'kpi', 'region', 'segment', 'source_system', 'unit'] as const;

export function kpiRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/kpis', tag: 'read model', permission: 'read', freshness: true,
      summary: 'KPI values per window and dimension (newest window first)',
      description: 'Rows of the kpis read model: one per KPI × window × region × segment × source × unit. An empty region/segment ("") is returned as null.',
      query: kpiQuery,
      response: pageSchema(kpiRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('kpis').where({ window_size: query.window });
        if (query.name) q.where({ kpi: query.name });
        if (query.region !== undefined) q.where({ region: query.region });
        if (query.segment !== undefined) q.where({ segment: query.segment });
        if (query.source) q.where({ source_system: query.source });
        inRange(q, 'window_start', query);
        const page = await paginate<Record<string, unknown>>(q.select([...COLUMNS, 'value', 'count']), {
          columns: COLUMNS, direction: 'desc', limit: query.limit, cursor: query.cursor,
        });
        return {
          ...page,
          items: page.items.map((r) => ({
            kpi: r.kpi, window: query.window, window_start: r.window_start, region: r.region || null, segment: r.segment || null,
            source: r.source_system, unit: r.unit, value: toNumber(r.value), count: toNumber(r.count),
          })),
        };
      },
    }),
  ];
}
