import { z } from '@rivulet/config';
import {
  checkCompleteness, checkQuality, compileChecks, detectAnomalies, emptyWindowStats, evaluateRecord, generateReport, mergeWindowStats,
  recordWindowStats, validateSchema, type CompiledChecks, type RuleSets,
} from '@rivulet/quality';
import { raw, defineRoute } from '../http/route.js';
import { records } from './seedTransformRoutes.js';
import { tx, type RouteDeps } from './common.js';
import { reportSchema } from './qualityRoutes.js';
import { readModelReport, reportQueryShape } from './qualityReport.js';

const fieldList = z.array(z.string().max(200)).max(500);

/** The checks for a batch: the request's own rules, else the entity's checks file, else none. */
function checksFor(body: { entity?: string | undefined; rules?: unknown }, known: ReadonlyMap<string, CompiledChecks>): CompiledChecks | undefined {
  if (body.rules !== undefined) return compileChecks(body.rules, 'request.rules');
  return body.entity ? known.get(body.entity) : undefined;
}

export function seedQualityRoutes(deps: RouteDeps & { qualityChecks: ReadonlyMap<string, CompiledChecks>; qualityRules?: RuleSets | undefined }) {
  const common = { tag: 'seed: quality', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit } as const;
  return [
    defineRoute({
      ...common, method: 'post', path: '/check',
      summary: 'Quality check of a batch: rules, in-batch duplicates, anomalies, score and status',
      body: z.object({
        check_id: z.string().max(200).optional(), data_source: z.string().max(100).optional(), entity: z.string().max(100).optional(),
        data: records, rules: z.unknown().optional(), required_fields: fieldList.optional(), key_fields: fieldList.optional(),
        anomaly_fields: fieldList.optional(), contamination: z.number().gt(0).lt(0.5).optional(),
      }),
      response: z.object({ check_id: z.string(), status: z.enum(['PASS', 'WARN', 'FAIL']), total_records: z.number(), quality_score: z.number(), issues_found: z.number(), issues: z.array(z.unknown()), anomalies: z.array(z.unknown()), duplicates: z.array(z.unknown()), recommendations: z.array(z.string()), execution_time: z.number() }),
      handler: ({ body }) => {
        const checks = body.rules === undefined && body.entity ? deps.qualityChecks.get(body.entity) : undefined;
        return checkQuality(body, { ctx: { now: deps.now() }, ...(checks ? { checks } : {}), clock: () => performance.now() });
      },
    }),
    defineRoute({
      ...common, method: 'post', path: '/detect-anomalies',
      summary: 'Isolation-forest anomaly scores over a batch',
      body: z.object({ data: records, fields: fieldList.optional(), entity: z.string().max(100).optional(), contamination: z.number().gt(0).lt(0.5).optional(), seed: z.number().int().optional() }),
      response: z.object({ total_records: z.number(), scored_records: z.number(), threshold: z.number().nullable(), features: z.array(z.string()), anomalies: z.array(z.unknown()), scores: z.array(z.number().nullable()) }),
      handler: ({ body }) => detectAnomalies(body),
    }),
    defineRoute({
      ...common, method: 'post', path: '/validate-schema',
      summary: 'Validate records against an Avro schema (errors with field paths)',
      body: z.object({ schema: z.unknown().refine((s) => s !== undefined, 'required'), dependencies: z.array(z.unknown()).max(100).optional(), data: z.array(z.unknown()).max(10_000) }),
      response: z.object({ valid: z.boolean(), total_records: z.number(), valid_records: z.number(), errors: z.array(z.object({ index: z.number(), path: z.string(), message: z.string() })) }),
      handler: ({ body }) => validateSchema(body),
    }),
    defineRoute({
      ...common, method: 'post', path: '/check-completeness',
      summary: 'Per-field and overall completeness of a batch',
      body: z.object({ data: records, fields: fieldList.optional(), threshold: z.number().min(0).max(1).optional() }),
      response: z.object({ total_records: z.number(), overall_completeness: z.number(), fields: z.record(z.string(), z.unknown()), incomplete_fields: z.array(z.string()), incomplete_records: z.array(z.number()), status: z.enum(['PASS', 'FAIL']) }),
      handler: ({ body }) => checkCompleteness(body),
    }),
    defineRoute({
      ...common, method: 'post', path: '/generate-report', db: true,
      summary: 'Quality report per source and window: of the read model, or of the batch in `data`; JSON, or a self-contained HTML page with `Accept: text/html`',
      description:
        'Without `data`: the report of the tenant\'s read model (as `GET /quality/report`): per source (`data_source`), entity and window (`window`, `from`, `to`) ' +
        'completeness per field, validity, duplicate rate, window check verdicts and volume against the previous windows. ' +
        'With `data`: the seed\'s behaviour, the report of that batch judged by `rules`, the entity\'s checks file or `required_fields`.',
      produces: ['text/html'],
      body: z.object({
        data_source: z.string().max(100).optional(), entity: z.string().max(100).optional(), data: records.optional(),
        rules: z.unknown().optional(), required_fields: fieldList.optional(), title: z.string().max(200).optional(),
        window: reportQueryShape.window, from: reportQueryShape.from, to: reportQueryShape.to, history: reportQueryShape.history,
      }),
      response: reportSchema,
      handler: async ({ body }, ctx) => {
        const tenant = ctx.principal!.tenant;
        const { report, html } = body.data === undefined
          ? await readModelReport(tx(ctx.tx), { ...body, ...(body.data_source ? { source: body.data_source } : {}) }, { tenant, rules: deps.qualityRules, now: deps.now() })
          : batchReport({ ...body, data: body.data }, deps.qualityRules?.get(tenant, body.entity ?? '')?.checks, deps);
        return ctx.req.accepts(['application/json', 'text/html']) === 'text/html' ? raw('text/html; charset=utf-8', html) : report;
      },
    }),
  ];
}

/** The seed's report of one batch: judged by the request's rules, else the entity's checks, else `required_fields`. */
function batchReport(
  body: { data_source?: string | undefined; entity?: string | undefined; data: Record<string, unknown>[]; rules?: unknown; required_fields?: string[] | undefined; title?: string | undefined },
  tenantChecks: CompiledChecks | undefined,
  deps: { qualityChecks: ReadonlyMap<string, CompiledChecks>; now: () => number },
) {
  const source = body.data_source ?? 'request';
  const checks =
    (body.rules === undefined ? tenantChecks : undefined) ??
    checksFor(body, deps.qualityChecks) ??
    compileChecks({ entity: body.entity ?? 'record', checks: (body.required_fields ?? []).map((f) => ({ type: 'missing', field: f, severity: 'fail' })) }, 'request.required_fields');
  const now = deps.now();
  const key = { source, windowStart: now, windowEnd: now };
  let stats = emptyWindowStats(source, checks.entity, now, now);
  for (const record of body.data) {
    const verdict = evaluateRecord(checks, record, { now });
    stats = mergeWindowStats(stats, recordWindowStats(checks, record, verdict, key));
  }
  return generateReport({ windows: [stats], checks: { [checks.entity]: checks }, generatedAt: now, ...(body.title ? { title: body.title } : {}) });
}
