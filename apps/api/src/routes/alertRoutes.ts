import { z } from '@rivulet/config';
import { NotFoundError } from '../http/apiError.js';
import { created, defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, tx } from './common.js';

const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
const alertRow = z.object({
  alert_id: z.string(), event_id: z.string(), rule: z.string(), severity: z.enum(SEVERITIES), message: z.string(),
  finding_topic: z.string().nullable(), finding_event_id: z.string().nullable(), finding_analysis_id: z.string().nullable(),
  dimensions: z.unknown(), created_at: z.string(), trace_id: z.string().nullable(), acknowledged: z.boolean(),
  acknowledged_at: z.string().nullable(), acknowledged_by: z.string().nullable(),
});
const ALERT_COLUMNS = Object.keys(alertRow.shape);

/** POST /alerts/configure: an alert rule of the caller's tenant, created or replaced by name. */
export const alertRuleBody = z.object({
  name: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, _ . -'),
  metric: z.string().trim().min(1).max(100)
    .describe('metric of the rca.findings the rule watches: `quality.issues`, a KPI name (e.g. `revenue_invoiced`: findings of that KPI moving abnormally against its baseline windows), or `*`/`any` for every finding'),
  threshold: z.number().min(0).max(1).nullable().optional()
    .describe('lowest confidence_score (0..1) of a finding that raises the alert (at or above fires, below does not); null or absent: severity and metric alone decide'),
  min_severity: z.enum(SEVERITIES).default('WARNING'),
  enabled: z.boolean().default(true),
  channels: z.array(z.string().max(200)).max(20).default([]).describe('where to notify (free-form: email:..., webhook:...)'),
  config: z.record(z.string(), z.unknown()).default({}),
});
const ruleRow = z.object({
  name: z.string(), metric: z.string(), threshold: z.number().nullable(), min_severity: z.string(), enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()), created_at: z.string(), updated_at: z.string(),
});

export function alertRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/alerts', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Alerts raised by the RCA processor (newest first)',
      query: z.object({
        severity: z.enum(SEVERITIES).optional(),
        acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        ...timeRangeShape, ...paginationShape,
      }),
      response: pageSchema(alertRow),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('alerts').select(ALERT_COLUMNS);
        if (query.severity) q.where({ severity: query.severity });
        if (query.acknowledged !== undefined) q.where({ acknowledged: query.acknowledged });
        inRange(q, 'created_at', query);
        return paginate(q, { columns: ['created_at', 'alert_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
    defineRoute({
      method: 'post', path: '/alerts/:id/acknowledge', tag: 'alerts', permission: 'alerts:write',
      summary: 'Acknowledge an alert',
      params: z.object({ id: z.string().min(1).max(200) }),
      response: alertRow,
      audit: ({ params }) => ({ action: 'alert.acknowledge', target: params.id }),
      target: ({ params }) => ({ kind: 'alert', id: params.id, lookup: { table: 'alerts', columns: ['alert_id'] } }),
      handler: async ({ params }, ctx) => {
        const [row] = await tx(ctx.tx)('alerts')
          .where({ alert_id: params.id })
          .update({ acknowledged: true, acknowledged_at: ctx.tx!.fn.now(), acknowledged_by: ctx.principal!.subject }, ALERT_COLUMNS);
        if (!row) throw new NotFoundError(`alert ${params.id} not found`);
        return row;
      },
    }),
    defineRoute({
      method: 'get', path: '/alerts/rules', tag: 'alerts', permission: 'read',
      summary: 'Alert rules of the tenant',
      query: z.object(paginationShape),
      response: pageSchema(ruleRow),
      handler: async ({ query }, ctx) =>
        paginate(tx(ctx.tx)('alert_rules').select(Object.keys(ruleRow.shape)), { columns: ['name'], direction: 'asc', limit: query.limit, cursor: query.cursor }),
    }),
    defineRoute({
      method: 'post', path: '/alerts/configure', tag: 'alerts', permission: 'alerts:write', successStatus: 201,
      summary: 'Create or replace an alert rule (the seed\'s /alerts/configure)',
      description: 'The RCA processor raises an `alerts` event for a finding when the finding\'s severity is at least `min_severity`, its metric is `metric` (unless `*`/`any`) and its confidence_score is at or above `threshold` (when set). Rules apply to the caller\'s tenant only.',
      body: alertRuleBody,
      response: ruleRow,
      audit: ({ body }) => ({ action: 'alert_rule.configure', target: body.name, detail: { metric: body.metric, enabled: body.enabled } }),
      handler: async ({ body }, ctx) => {
        const t = tx(ctx.tx);
        const values = {
          tenant_id: ctx.principal!.tenant, name: body.name, metric: body.metric, threshold: body.threshold ?? null,
          min_severity: body.min_severity, enabled: body.enabled, config: JSON.stringify({ ...body.config, channels: body.channels }), updated_at: t.fn.now(),
        };
        const [row] = await t('alert_rules').insert(values).onConflict(['tenant_id', 'name']).merge().returning(Object.keys(ruleRow.shape));
        return created(row);
      },
    }),
  ];
}
