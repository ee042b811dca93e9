import { z } from '@rivulet/config';
import type { Knex } from 'knex';
import { defineRoute } from '../http/route.js';
import { isoDateTime, toNumber, tx, type RouteDeps } from './common.js';

const HOUR = 3_600_000;
const DEFAULT_SPAN = { hour: 48 * HOUR, day: 30 * 24 * HOUR } as const;

export const dashboardQuery = z.object({
  window: z.enum(['hour', 'day']).default('hour'),
  from: isoDateTime.optional().describe('default: 48 hours (window=hour) or 30 days (window=day) before `to`'),
  to: isoDateTime.optional().describe('default: now'),
  kpi: z.string().max(100).optional().describe('only this KPI in kpis'),
});

/** Everything the dashboard page shows, in one round trip; queries run in the caller's tenant transaction. */
async function dashboardData(t: Knex.Transaction, q: { window: 'hour' | 'day'; from: string; to: string; kpi?: string | undefined }) {
  const kpiRows = await t('kpis')
    .where({ window_size: q.window })
    .where('window_start', '>=', q.from)
    .where('window_start', '<', q.to)
    .modify((b) => (q.kpi ? b.where({ kpi: q.kpi }) : b))
    .select('kpi', 'unit', 'window_start')
    .sum({ value: 'value' })
    .sum({ count: 'count' })
    .groupBy('kpi', 'unit', 'window_start')
    .orderBy(['kpi', 'unit', 'window_start']);
  const kpis = new Map<string, { kpi: string; unit: string; points: { window_start: string; value: number; count: number }[] }>();
  for (const r of kpiRows) {
    const key = `${r.kpi}\u0000${r.unit}`;
    const series = kpis.get(key) ?? kpis.set(key, { kpi: r.kpi, unit: r.unit, points: [] }).get(key)!;
    series.points.push({ window_start: new Date(r.window_start).toISOString(), value: toNumber(r.value)!, count: toNumber(r.count)! });
  }
  const quality = (await t('quality_checks')
    .where('event_time', '>=', q.from).where('event_time', '<', q.to)
    .select('source_system')
    .count({ records: '*' })
    .avg({ quality_score: 'score' })
    .select(t.raw(`count(*) filter (where status = 'FAILED') as failed`))
    .groupBy('source_system')
    .orderBy('source_system')) as unknown as Record<string, unknown>[];
  // Issues of each record's current verdict (not those of rules it was re-evaluated under since), as /quality/issues.
  const issueBase = () =>
    t('quality_issues').where('event_time', '>=', q.from).where('event_time', '<', q.to).whereNotExists(
      t('quality_checks as c').select(t.raw('1'))
        .whereRaw('c.tenant_id = quality_issues.tenant_id and c.record_event_id = quality_issues.record_event_id')
        .whereRaw('c.rules_version is distinct from quality_issues.rules_version'),
    );
  const bySeverity = (await issueBase().select('severity').count({ n: '*' }).groupBy('severity')) as unknown as { severity: string; n: unknown }[];
  const latestIssues = await issueBase()
    .select('event_id', 'record_event_id', 'source_system', 'entity', 'field', 'check_name', 'severity', 'message', 'event_time')
    .orderBy([{ column: 'event_time', order: 'desc' }, { column: 'event_id', order: 'desc' }])
    .limit(10);
  const findings = await t('rca_analyses')
    .select('analysis_id', 'metric', 'window_start', 'window_end', 'confidence', 'root_causes', 'recommendations', 'trace_id', 'event_time')
    .orderBy([{ column: 'event_time', order: 'desc' }, { column: 'analysis_id', order: 'desc' }])
    .limit(5);
  const entityCounts = (await t('entities').select('status').count({ n: '*' }).sum({ members: 'member_count' }).groupBy('status')) as unknown as { status: string; n: unknown; members: unknown }[];
  const [{ n: unacknowledged } = { n: 0 }] = await t('alerts').where({ acknowledged: false }).count({ n: '*' });
  const count = (status: string) => toNumber(entityCounts.find((e) => e.status === status)?.n) ?? 0;
  return {
    window: q.window,
    from: q.from,
    to: q.to,
    kpis: [...kpis.values()],
    quality_by_source: quality.map((r) => ({
      source_system: r.source_system, records: toNumber(r.records), quality_score: toNumber(r.quality_score), failed: toNumber(r.failed),
      pass_rate: (toNumber(r.records) ?? 0) === 0 ? 1 : 1 - (toNumber(r.failed) ?? 0) / (toNumber(r.records) ?? 1),
    })),
    open_issues: {
      total: bySeverity.reduce((s, r) => s + (toNumber(r.n) ?? 0), 0),
      by_severity: Object.fromEntries(bySeverity.map((r) => [r.severity, toNumber(r.n)])),
      latest: latestIssues,
    },
    rca_findings: findings,
    entities: {
      active: count('ACTIVE'),
      merged: count('MERGED'),
      members: entityCounts.filter((e) => e.status === 'ACTIVE').reduce((s, e) => s + (toNumber(e.members) ?? 0), 0),
    },
    alerts: { unacknowledged: toNumber(unacknowledged) ?? 0 },
  };
}

export function dashboardDataRoutes(deps: RouteDeps) {
  return [
    defineRoute({
      method: 'get', path: '/dashboard/data', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Dashboard data: KPIs over time, quality score per source, open issues, latest RCA findings, entity counts',
      description: 'Cached per tenant and query until a projector checkpoint moves (at most 60 s); `cached` says whether this answer came from the cache.',
      query: dashboardQuery,
      response: z.object({
        window: z.string(), from: z.string(), to: z.string(),
        kpis: z.array(z.object({ kpi: z.string(), unit: z.string(), points: z.array(z.object({ window_start: z.string(), value: z.number(), count: z.number() })) })),
        quality_by_source: z.array(z.object({ source_system: z.string(), records: z.number(), quality_score: z.number().describe('mean record score'), failed: z.number(), pass_rate: z.number() })),
        open_issues: z.object({ total: z.number(), by_severity: z.record(z.string(), z.number()), latest: z.array(z.record(z.string(), z.unknown())) }),
        rca_findings: z.array(z.record(z.string(), z.unknown())),
        entities: z.object({ active: z.number(), merged: z.number(), members: z.number() }),
        alerts: z.object({ unacknowledged: z.number() }),
        cached: z.boolean(),
      }),
      handler: async ({ query }, ctx) => {
        const to = query.to ?? new Date(deps.now()).toISOString();
        const from = query.from ?? new Date(Date.parse(to) - DEFAULT_SPAN[query.window]).toISOString();
        const q = { window: query.window, from, to, kpi: query.kpi };
        const signature = await deps.freshness.signature().catch(() => `uncached:${deps.now()}`);
        // Without an explicit `to`, "now" moves every request; round it so the cache can still hit.
        const key = JSON.stringify([ctx.principal!.tenant, q.window, query.from ?? null, query.to ?? Math.floor(deps.now() / 10_000), q.kpi ?? null]);
        const { value, cached } = await deps.cache.getOrCompute(key, signature, () => dashboardData(tx(ctx.tx), q));
        return { ...value, cached };
      },
    }),
  ];
}
