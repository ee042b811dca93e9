import type { CompiledChecks } from '../checks/compiledChecks.js';
import { emptyWindowStats, type WindowStats } from '../window/windowStats.js';
import { generateReport, type QualityReport } from './generateReport.js';

/** One row of the `quality_window_stats` read model (numeric values arrive as strings). */
export interface WindowCounterRow {
  source_system: string;
  entity: string;
  window_start: Date | string;
  metric: string;
  name: string;
  value: string | number;
}

const startMs = (v: Date | string) => (typeof v === 'string' ? Date.parse(v) : v.getTime());
const pairKey = (source: string, entity: string) => `${source}\u0000${entity}`;

/**
 * Window statistics from the read model's counters: records, statuses, score sum, invalid and duplicate
 * records, completeness per field and counts per check. Completeness is present / observed, so a field a
 * newer checks file started to read is judged over the records that were checked for it.
 */
export function windowStatsFromCounters(rows: readonly WindowCounterRow[], windowMs: number): Map<string, WindowStats> {
  const out = new Map<string, WindowStats>();
  const observed = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const start = startMs(r.window_start);
    const key = `${pairKey(r.source_system, r.entity)}\u0000${start}`;
    let s = out.get(key);
    if (!s) out.set(key, (s = emptyWindowStats(r.source_system, r.entity, start, start + windowMs)));
    const v = Number(r.value);
    switch (r.metric) {
      case 'records': s.records += v; break;
      case 'status': if (r.name === 'PASS' || r.name === 'WARN' || r.name === 'FAIL') s.statuses[r.name] += v; break;
      case 'score_sum': s.scoreSum += v; break;
      case 'invalid': s.invalidRecords += v; break;
      case 'duplicate': s.duplicateRecords += v; break;
      case 'present': s.present[r.name] = (s.present[r.name] ?? 0) + v; break;
      case 'observed': {
        const o = observed.get(key) ?? {};
        o[r.name] = (o[r.name] ?? 0) + v;
        observed.set(key, o);
        break;
      }
      case 'evaluated': case 'failed': {
        const c = (s.checks[r.name] ??= { evaluated: 0, failed: 0 });
        c[r.metric] += v;
        break;
      }
      default: break; // a metric this version does not know: ignored, not fatal
    }
  }
  // WindowStats' completeness is present / records: scale by observed / records so it reads present / observed.
  for (const [key, s] of out) {
    const o = observed.get(key) ?? {};
    for (const field of Object.keys(s.present)) {
      const seen = o[field] ?? s.records;
      s.present[field] = seen === 0 ? s.records : (s.present[field]! / seen) * s.records;
    }
  }
  return out;
}

export interface CounterReportInput {
  /** Counter rows of the report's windows and of the `historyWindows` before them. */
  rows: readonly WindowCounterRow[];
  windowMs: number;
  /** [from, to) in epoch ms, aligned to windows. */
  from: number;
  to: number;
  /** Previous windows the volume baseline looks at. */
  historyWindows: number;
  checksFor?: (entity: string) => CompiledChecks | undefined;
  generatedAt: number;
  title?: string;
}

/**
 * The quality report per source × entity × window from the read model. Every window of [from, to) is a
 * section for each source/entity that had records by then, even an empty one: a feed that stopped is the
 * sudden drop the volume baseline must show. History counts empty windows as 0, from the source's first.
 */
export function reportFromCounters(input: CounterReportInput): { report: QualityReport; html: string } {
  const stats = windowStatsFromCounters(input.rows, input.windowMs);
  const firstSeen = new Map<string, number>();
  for (const s of stats.values()) {
    const k = pairKey(s.source, s.entity);
    firstSeen.set(k, Math.min(firstSeen.get(k) ?? Infinity, s.windowStart));
  }
  const at = (source: string, entity: string, start: number) => stats.get(`${pairKey(source, entity)}\u0000${start}`);
  const windows: WindowStats[] = [];
  const checks: Record<string, CompiledChecks> = {};
  for (const [k, first] of firstSeen) {
    const [source, entity] = k.split('\u0000') as [string, string];
    const c = input.checksFor?.(entity);
    if (c) checks[entity] = c;
    for (let start = input.from; start < input.to; start += input.windowMs) {
      if (start < first) continue;
      windows.push(at(source, entity, start) ?? emptyWindowStats(source, entity, start, start + input.windowMs));
    }
  }
  const historyOf = (w: WindowStats) => {
    const first = firstSeen.get(pairKey(w.source, w.entity)) ?? w.windowStart;
    const counts: number[] = [];
    for (let k = input.historyWindows; k >= 1; k--) {
      const start = w.windowStart - k * input.windowMs;
      if (start >= first) counts.push(at(w.source, w.entity, start)?.records ?? 0);
    }
    return counts;
  };
  return generateReport({ windows, checks, historyOf, generatedAt: input.generatedAt, ...(input.title ? { title: input.title } : {}) });
}
