import { fromMicro, type WindowAggregate } from '../window/windowState.js';

export interface MetricSeries { metric: string; /** Window starts (ms). */ times: number[]; values: number[] }

export const ISSUE_RATE = 'quality.issue_rate';
export const ISSUE_COUNT = 'quality.issue_count';

/**
 * Per-window series over baseline + current window, oldest first: the quality metric (issues per record when
 * record counts exist, else the issue count) and each KPI's sum. A KPI missing in a window counts as 0.
 */
export function windowSeries(windows: readonly WindowAggregate[]): { quality: MetricSeries; kpis: MetricSeries[] } {
  const ordered = [...windows].sort((a, b) => a.start - b.start);
  const times = ordered.map((w) => w.start);
  const haveRecords = ordered.every((w) => Object.keys(w.records).length > 0);
  const quality: MetricSeries = {
    metric: haveRecords ? ISSUE_RATE : ISSUE_COUNT,
    times,
    values: ordered.map((w) => {
      const issues = Object.values(w.issues).reduce((s, c) => s + c.count, 0);
      const records = Object.values(w.records).reduce((s, c) => s + c.records, 0);
      return haveRecords ? issues / records : issues;
    }),
  };
  const names = [...new Set(ordered.flatMap((w) => Object.keys(w.kpis).map((k) => (JSON.parse(k) as string[])[0]!)))].sort();
  const kpis = names.map((kpi) => ({
    metric: kpi,
    times,
    values: ordered.map((w) => Object.entries(w.kpis).reduce((s, [k, c]) => s + ((JSON.parse(k) as string[])[0] === kpi ? fromMicro(c.sumMicro) : 0), 0)),
  }));
  return { quality, kpis };
}
