import { z } from '@rivulet/config';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, tx } from './common.js';

const analysisRow = z.object({
  analysis_id: z.string(), event_id: z.string(), metric: z.string(), window_start: z.string(), window_end: z.string(),
  root_causes: z.unknown(), correlations: z.unknown(), trends: z.unknown(), predictions: z.unknown(), recommendations: z.unknown(),
  confidence: z.number(), trace_id: z.string().nullable(), event_time: z.string(),
});
const COLUMNS = ['analysis_id', 'event_id', 'metric', 'window_start', 'window_end', 'root_causes', 'correlations', 'trends', 'predictions', 'recommendations', 'confidence', 'trace_id', 'event_time'];

export function rcaRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/rca/analyses', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Root-cause findings with ranked causes (newest first)',
      query: z.object({ metric: z.string().max(100).optional(), ...timeRangeShape, ...paginationShape }),
      response: pageSchema(analysisRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('rca_analyses').select(COLUMNS);
        if (query.metric) q.where({ metric: query.metric });
        inRange(q, 'window_start', query);
        return paginate(q, { columns: ['event_time', 'analysis_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
  ];
}
