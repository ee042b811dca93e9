import type { Knex } from 'knex';
import { z } from '@rivulet/config';
import { reportFromCounters, type QualityReport, type RuleSets, type WindowCounterRow } from '@rivulet/quality';
import { ApiError } from '../http/apiError.js';
import { isoDateTime } from './common.js';

const WINDOW_MS = { hour: 3_600_000, day: 86_400_000 } as const;
const DEFAULT_SPAN = { hour: 24, day: 7 } as const;
const DEFAULT_HISTORY = { hour: 24, day: 28 } as const;
/** A month of hours: bounds the rows one report reads and the page it renders. */
export const MAX_REPORT_WINDOWS = 744;

export const reportQueryShape = {
  source: z.string().max(100).optional().describe('source system'),
  entity: z.string().max(100).optional().describe('canonical entity'),
  window: z.enum(['hour', 'day']).default('hour'),
  from: isoDateTime.optional().describe('first window (inclusive; rounded down to a window); default: 24 hours / 7 days before `to`'),
  to: isoDateTime.optional().describe('end (exclusive; rounded up to a window); default: the end of the current window'),
  history: z.coerce.number().int().min(3).max(MAX_REPORT_WINDOWS).optional().describe('previous windows of the volume baseline (default 24 hours / 28 days)'),
  title: z.string().max(200).optional(),
};
const reportQuery = z.object(reportQueryShape);
export type ReportQuery = z.output<typeof reportQuery>;

/**
 * The quality report per source × entity × window from the `quality_window_stats` read model, in the
 * caller's tenant (the transaction is scoped by row-level security; the filter says so explicitly too).
 * Window check verdicts use the tenant's thresholds.
 */
export async function readModelReport(
  tx: Knex.Transaction,
  query: ReportQuery,
  deps: { tenant: string; rules: RuleSets | undefined; now: number },
): Promise<{ report: QualityReport; html: string }> {
  const windowMs = WINDOW_MS[query.window];
  const to = query.to ? Math.ceil(Date.parse(query.to) / windowMs) * windowMs : Math.floor(deps.now / windowMs) * windowMs + windowMs;
  const from = query.from ? Math.floor(Date.parse(query.from) / windowMs) * windowMs : to - DEFAULT_SPAN[query.window] * windowMs;
  if (from >= to) throw new ApiError(400, 'Bad Request', '`from` must be before `to`');
  if ((to - from) / windowMs > MAX_REPORT_WINDOWS) throw new ApiError(400, 'Bad Request', `at most ${MAX_REPORT_WINDOWS} windows per report; narrow from/to or use window=day`);
  const historyWindows = query.history ?? DEFAULT_HISTORY[query.window];
  const q = tx('quality_window_stats')
    .where({ tenant_id: deps.tenant, window_size: query.window })
    .where('window_start', '>=', new Date(from - historyWindows * windowMs))
    .where('window_start', '<', new Date(to))
    .select('source_system', 'entity', 'window_start', 'metric', 'name', 'value');
  if (query.source) q.where({ source_system: query.source });
  if (query.entity) q.where({ entity: query.entity });
  const rows = (await q) as WindowCounterRow[];
  return reportFromCounters({
    rows, windowMs, from, to, historyWindows, generatedAt: deps.now,
    checksFor: (entity) => deps.rules?.get(deps.tenant, entity)?.checks,
    ...(query.title ? { title: query.title } : {}),
  });
}
