import { z } from '@rivulet/config';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, tx } from './common.js';

const recordRef = {
  record_event_id: z.string(), source_system: z.string(), record_entity: z.string(), record_id: z.string(),
  record_topic: z.string(), record_partition: z.number(), record_offset: z.number(),
};

const checkRow = z.object({
  event_id: z.string(), ...recordRef, entity: z.string(), score: z.number(), status: z.string(), checks_evaluated: z.number(),
  failed_checks: z.unknown(), anomaly_score: z.number().nullable(), trace_id: z.string().nullable(), event_time: z.string(),
});

const issueRow = z.object({
  event_id: z.string(), ...recordRef, entity: z.string(), field: z.string().nullable(), check_name: z.string(), region: z.string().nullable(),
  segment: z.string().nullable(), severity: z.string(), observed_value: z.string().nullable(), expected: z.string().nullable(),
  message: z.string(), trace_id: z.string().nullable(), event_time: z.string(),
});

const CHECK_COLUMNS = ['event_id', ...Object.keys(recordRef), 'entity', 'score', 'status', 'checks_evaluated', 'failed_checks', 'anomaly_score', 'trace_id', 'event_time'];
const ISSUE_COLUMNS = ['event_id', ...Object.keys(recordRef), 'entity', 'field', 'check_name', 'region', 'segment', 'severity', 'observed_value', 'expected', 'message', 'trace_id', 'event_time'];

export function qualityRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/quality/checks', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Per-record quality verdicts (newest first)',
      query: z.object({
        source: z.string().max(100).optional(), entity: z.string().max(100).optional(), status: z.enum(['PASSED', 'FAILED']).optional().describe('the record passed every fail-severity check, or not'),
        ...timeRangeShape, ...paginationShape,
      }),
      response: pageSchema(checkRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('quality_checks').select(CHECK_COLUMNS);
        if (query.source) q.where({ source_system: query.source });
        if (query.entity) q.where({ entity: query.entity });
        if (query.status) q.where({ status: query.status });
        inRange(q, 'event_time', query);
        return paginate(q, { columns: ['event_time', 'event_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
    defineRoute({
      method: 'get', path: '/quality/issues', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Failed quality checks, one per record and check (newest first)',
      query: z.object({
        source: z.string().max(100).optional(), entity: z.string().max(100).optional(), check: z.string().max(200).optional(),
        severity: z.string().max(20).optional(), region: z.string().max(100).optional(), segment: z.string().max(100).optional(),
        ...timeRangeShape, ...paginationShape,
      }),
      response: pageSchema(issueRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('quality_issues').select(ISSUE_COLUMNS);
        if (query.source) q.where({ source_system: query.source });
        if (query.entity) q.where({ entity: query.entity });
        if (query.check) q.where({ check_name: query.check });
        if (query.severity) q.where({ severity: query.severity });
        if (query.region) q.where({ region: query.region });
        if (query.segment) q.where({ segment: query.segment });
        inRange(q, 'event_time', query);
        return paginate(q, { columns: ['event_time', 'event_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
  ];
}
