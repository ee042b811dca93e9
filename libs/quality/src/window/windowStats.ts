import type { CompiledChecks } from '../checks/compiledChecks.js';
import type { RecordVerdict, RecordStatus } from '../checks/evaluateRecord.js';
import { getField, isMissing } from '../fieldPath.js';

export interface CheckCounts {
  /** Records the check applied to (passed + failed). */
  evaluated: number;
  failed: number;
}

/**
 * Counters of one source × entity × window. Only sums, so two stats of the same key merge by adding
 * (a projector folds per-record deltas, or per-partition partials, in any order and gets the same result).
 */
export interface WindowStats {
  source: string;
  entity: string;
  /** [start, end) in epoch ms. */
  windowStart: number;
  windowEnd: number;
  records: number;
  statuses: Record<RecordStatus, number>;
  scoreSum: number;
  /** Records whose field was present, per field any check reads. Completeness = present / records. */
  present: Record<string, number>;
  checks: Record<string, CheckCounts>;
  /** Records that failed a validity-type check (format, allowed values, range, regex, consistency, reference). */
  invalidRecords: number;
  /** Records that failed a duplicate check. */
  duplicateRecords: number;
}

const VALIDITY_TYPES = new Set(['invalid', 'allowed_values', 'range', 'regex', 'consistency', 'reference']);

export function emptyWindowStats(source: string, entity: string, windowStart: number, windowEnd: number): WindowStats {
  return {
    source, entity, windowStart, windowEnd, records: 0, statuses: { PASS: 0, WARN: 0, FAIL: 0 }, scoreSum: 0,
    present: {}, checks: {}, invalidRecords: 0, duplicateRecords: 0,
  };
}

/** The window's contribution of one evaluated record, as a one-record WindowStats (a mergeable delta). */
export function recordWindowStats(
  checks: CompiledChecks,
  record: unknown,
  verdict: RecordVerdict,
  key: { source: string; windowStart: number; windowEnd: number },
): WindowStats {
  const stats = emptyWindowStats(key.source, checks.entity, key.windowStart, key.windowEnd);
  stats.records = 1;
  stats.statuses[verdict.status] = 1;
  stats.scoreSum = verdict.score;
  for (const check of checks.checks) for (const f of check.fields) stats.present[f] = isMissing(getField(record, f)) ? 0 : 1;
  const byName = new Map(checks.checks.map((c) => [c.name, c]));
  let invalid = false;
  let duplicate = false;
  for (const r of verdict.results) {
    if (r.outcome === 'skip') continue;
    const failed = r.outcome === 'fail' ? 1 : 0;
    stats.checks[r.check] = { evaluated: 1, failed };
    const type = byName.get(r.check)?.type;
    if (failed && type && VALIDITY_TYPES.has(type)) invalid = true;
    if (failed && type === 'duplicate') duplicate = true;
  }
  stats.invalidRecords = invalid ? 1 : 0;
  stats.duplicateRecords = duplicate ? 1 : 0;
  return stats;
}

function addCounts<T extends Record<string, number>>(a: T, b: T): T {
  const out = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out as T;
}

/** Sum of two stats of the same source, entity and window. Associative and commutative; inputs unchanged. */
export function mergeWindowStats(a: WindowStats, b: WindowStats): WindowStats {
  if (a.source !== b.source || a.entity !== b.entity || a.windowStart !== b.windowStart || a.windowEnd !== b.windowEnd)
    throw new RangeError(`cannot merge stats of ${a.source}/${a.entity}@${a.windowStart} with ${b.source}/${b.entity}@${b.windowStart}`);
  const checks: Record<string, CheckCounts> = { ...a.checks };
  for (const [name, c] of Object.entries(b.checks)) {
    const prev = checks[name];
    checks[name] = prev ? { evaluated: prev.evaluated + c.evaluated, failed: prev.failed + c.failed } : { ...c };
  }
  return {
    ...a,
    records: a.records + b.records,
    statuses: addCounts(a.statuses, b.statuses),
    scoreSum: a.scoreSum + b.scoreSum,
    present: addCounts(a.present, b.present),
    checks,
    invalidRecords: a.invalidRecords + b.invalidRecords,
    duplicateRecords: a.duplicateRecords + b.duplicateRecords,
  };
}

export interface WindowSummary {
  source: string;
  entity: string;
  windowStart: number;
  windowEnd: number;
  records: number;
  /** Mean record score (1 for an empty window: nothing wrong was seen). */
  qualityScore: number;
  passRate: number;
  /** Share of records without a failed validity-type check. */
  validity: number;
  duplicateRate: number;
  completeness: Record<string, number>;
}

/** The ratios read models and reports show, derived from the counters. */
export function summarizeWindow(s: WindowStats): WindowSummary {
  const n = s.records;
  const ratio = (x: number, empty = 1) => (n === 0 ? empty : x / n);
  return {
    source: s.source,
    entity: s.entity,
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    records: n,
    qualityScore: ratio(s.scoreSum),
    passRate: ratio(s.statuses.PASS),
    validity: ratio(n - s.invalidRecords),
    duplicateRate: ratio(s.duplicateRecords, 0),
    completeness: Object.fromEntries(Object.entries(s.present).map(([f, p]) => [f, ratio(p)])),
  };
}
