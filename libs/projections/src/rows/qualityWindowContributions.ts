import { isoTime } from './columns.js';
import { KPI_WINDOW_SIZES, windowStart, type KpiWindowSize } from './kpiContributions.js';

/** One addend of a `quality_window_stats` counter (its primary key plus value). */
export interface QualityWindowContribution {
  tenant_id: string;
  source_system: string;
  entity: string;
  window_size: KpiWindowSize;
  window_start: string;
  metric: string;
  name: string;
  value: number;
}

/**
 * A verdict as the window counters see it: a planned `quality_checks` row (jsonb columns as JSON text, time
 * as ISO text) or one read back from PostgreSQL (jsonb parsed, time as Date) alike.
 */
export interface WindowedVerdict {
  tenant_id: string;
  source_system: string;
  entity: string;
  event_time: string | Date;
  status: string;
  score: number;
  failed_checks: unknown;
  passed_checks: unknown;
  window_failed_checks: unknown;
  field_presence: unknown;
  invalid: boolean;
  duplicate: boolean;
}

const parsed = <T>(v: unknown, empty: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : ((v ?? empty) as T));

/**
 * What one verdict adds to (sign 1) or takes back from (sign -1) its hour and its day: records, its status
 * (WARN = passed with failed checks), score, invalid and duplicate flags, per field observed/present and per
 * check evaluated/failed. Only sums, so taking an old verdict back and adding its replacement is exact.
 */
export function qualityWindowContributions(v: WindowedVerdict, sign: 1 | -1): QualityWindowContribution[] {
  const failed = parsed<string[]>(v.failed_checks, []);
  const windowFailed = parsed<string[]>(v.window_failed_checks, []);
  const passed = parsed<string[]>(v.passed_checks, []);
  const presence = parsed<Record<string, boolean>>(v.field_presence, {});
  const status = v.status === 'FAILED' ? 'FAIL' : failed.length > 0 ? 'WARN' : 'PASS';
  const metrics: [string, string, number][] = [
    ['records', '', 1],
    ['status', status, 1],
    ['score_sum', '', v.score],
    ['invalid', '', v.invalid ? 1 : 0],
    ['duplicate', '', v.duplicate ? 1 : 0],
  ];
  for (const [field, present] of Object.entries(presence)) metrics.push(['observed', field, 1], ['present', field, present ? 1 : 0]);
  for (const check of passed) metrics.push(['evaluated', check, 1]);
  for (const check of [...failed, ...windowFailed]) metrics.push(['evaluated', check, 1], ['failed', check, 1]);
  const ms = typeof v.event_time === 'string' ? Date.parse(v.event_time) : v.event_time.getTime();
  return KPI_WINDOW_SIZES.flatMap((size) =>
    metrics.map(([metric, name, value]) => ({
      tenant_id: v.tenant_id, source_system: v.source_system, entity: v.entity, window_size: size,
      window_start: isoTime(windowStart(ms, size)), metric, name, value: sign * value,
    })),
  );
}
