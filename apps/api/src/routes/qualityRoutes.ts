import { z } from '@rivulet/config';
import type { RuleSets } from '@rivulet/quality';
import { defineRoute, raw } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, tx } from './common.js';
import { readModelReport, reportQueryShape } from './qualityReport.js';

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

export const reportSchema = z.object({
  title: z.string(), generated_at: z.string(), period: z.unknown(), summary: z.record(z.string(), z.number()), sections: z.array(z.unknown()), recommendations: z.array(z.string()),
});

export function qualityRoutes(deps: { rules?: RuleSets | undefined; now: () => number }) {
  return [
    defineRoute({
      method: 'get', path: '/quality/report', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Quality report per source, entity and window (hour or day) from the read model: JSON, or HTML with `Accept: text/html` or `format=html`',
      description:
        'Per window: records, quality score, pass rate, validity, duplicate rate, completeness per field, window check verdicts (the tenant\'s thresholds) ' +
        'and volume against the previous windows (robust z-score: normal, drop, spike). A source that stopped sending shows empty windows as drops.',
      produces: ['text/html'],
      query: z.object({ ...reportQueryShape, format: z.enum(['json', 'html']).optional() }),
      response: reportSchema,
      handler: async ({ query }, ctx) => {
        const { report, html } = await readModelReport(tx(ctx.tx), query, { tenant: ctx.principal!.tenant, rules: deps.rules, now: deps.now() });
        const wantsHtml = query.format === 'html' || (query.format === undefined && ctx.req.accepts(['application/json', 'text/html']) === 'text/html');
        return wantsHtml ? raw('text/html; charset=utf-8', html) : report;
      },
    }),
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
        const t = tx(ctx.tx);
        // Issues of the record's current verdict only: after a re-evaluation with other rules (or tenant
        // thresholds) the old version's issues stay in the table as history but are no longer served.
        const q = t('quality_issues').select(ISSUE_COLUMNS).whereNotExists(
          t('quality_checks as c').select(t.raw('1'))
            .whereRaw('c.tenant_id = quality_issues.tenant_id and c.record_event_id = quality_issues.record_event_id')
            .whereRaw('c.rules_version is distinct from quality_issues.rules_version'),
        );
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
