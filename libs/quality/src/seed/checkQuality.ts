import type { CompiledChecks } from '../checks/compiledChecks.js';
import { evaluateRecord, type FailedCheck } from '../checks/evaluateRecord.js';
import { compileChecks } from '../checks/parseChecks.js';
import { duplicateKey, type QualityContext } from '../checks/qualityContext.js';
import { getField } from '../fieldPath.js';
import { evaluateWindow } from '../window/evaluateWindow.js';
import { mergeWindowStats, recordWindowStats, emptyWindowStats } from '../window/windowStats.js';
import { detectAnomalies, type AnomalyHit } from './detectAnomalies.js';

export interface QualityCheckRequest {
  check_id?: string;
  data_source?: string;
  entity?: string;
  data: readonly Record<string, unknown>[];
  /** A checks document (the YAML file's shape); default: the checks the caller wires in, else completeness only. */
  rules?: unknown;
  /** Fields that must be present when no rules are given (default: none). */
  required_fields?: readonly string[];
  /** Fields that identify a record; repeated values within the batch are duplicates. */
  key_fields?: readonly string[];
  /** Numeric fields for anomaly detection (default: the entity's features). */
  anomaly_fields?: readonly string[];
  contamination?: number;
}

export interface QualityIssue extends FailedCheck {
  index: number;
}

export interface QualityCheckResponse {
  check_id: string;
  status: 'PASS' | 'WARN' | 'FAIL';
  total_records: number;
  /** Mean record score in [0, 1]. */
  quality_score: number;
  issues_found: number;
  issues: QualityIssue[];
  anomalies: AnomalyHit[];
  duplicates: { index: number; key: string; first_index: number }[];
  recommendations: string[];
  /** Seconds. */
  execution_time: number;
}

/** FNV-1a: a deterministic check id from the request when the caller gives none. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function checksFor(request: QualityCheckRequest, fallback: CompiledChecks | undefined): CompiledChecks {
  if (request.rules !== undefined) return compileChecks(request.rules, 'request.rules');
  if (fallback) return fallback;
  const fields = request.required_fields ?? [];
  return compileChecks({ entity: request.entity ?? 'record', checks: fields.map((f) => ({ type: 'missing', field: f, severity: 'fail' })) }, 'request.required_fields');
}

/**
 * The seed's `POST /check`: rules, in-batch duplicates and anomalies over one batch, with the seed's field
 * names. Status: FAIL when a window threshold fails or ≥ 5 % of records fail; WARN when anything was found.
 */
export function checkQuality(
  request: QualityCheckRequest,
  deps: { ctx: QualityContext; checks?: CompiledChecks; clock?: () => number },
): QualityCheckResponse {
  const clock = deps.clock ?? (() => performance.now());
  const started = clock();
  const checks = checksFor(request, deps.checks);
  const source = request.data_source ?? 'request';
  const keyFields = request.key_fields ?? [];
  const firstByKey = new Map<string, number>();
  const duplicates: QualityCheckResponse['duplicates'] = [];
  const issues: QualityIssue[] = [];
  let stats = emptyWindowStats(source, checks.entity, 0, 0);
  let failedRecords = 0;

  // The batch is the window of the checks file's duplicate checks.
  const seenInBatch = new Set<string>();
  const ctx: QualityContext = {
    ...deps.ctx,
    lookups: { ...deps.ctx.lookups, seen: (key) => seenInBatch.has(key) || (seenInBatch.add(key), false) },
  };
  request.data.forEach((record, index) => {
    const verdict = evaluateRecord(checks, record, ctx);
    if (verdict.status === 'FAIL') failedRecords++;
    issues.push(...verdict.failed.map((f) => ({ ...f, index })));
    stats = mergeWindowStats(stats, recordWindowStats(checks, record, verdict, { source, windowStart: 0, windowEnd: 0 }));
    if (keyFields.length > 0) {
      const key = duplicateKey(checks.entity, keyFields.map((f) => getField(record, f)));
      const first = firstByKey.get(key);
      if (first === undefined) firstByKey.set(key, index);
      else duplicates.push({ index, key, first_index: first });
    }
  });

  const anomalies = detectAnomalies({
    data: request.data, entity: request.entity ?? checks.entity, fields: request.anomaly_fields, contamination: request.contamination,
  }).anomalies;
  const windowResults = evaluateWindow(checks, stats);
  const n = request.data.length;
  const failing = windowResults.filter((w) => w.status !== 'PASS');
  const recommendations = [
    ...failing.map((w) => `${w.check}: ${w.failedPercent.toFixed(1)}% of records fail (${w.status}); fix ${w.field ?? 'the data'} at the source.`),
    ...(duplicates.length ? [`${duplicates.length} duplicate record(s) by ${keyFields.join(', ')}; deduplicate before loading.`] : []),
    ...(anomalies.length ? [`${anomalies.length} anomalous record(s); review the highest scores first.`] : []),
  ];
  const status =
    windowResults.some((w) => w.status === 'FAIL') || (n > 0 && failedRecords / n >= 0.05)
      ? 'FAIL'
      : issues.length || duplicates.length || anomalies.length || failing.length
        ? 'WARN'
        : 'PASS';
  return {
    check_id: request.check_id ?? `qc-${fnv1a(`${source}|${checks.entity}|${deps.ctx.now}|${JSON.stringify(request.data)}`)}`,
    status,
    total_records: n,
    quality_score: n === 0 ? 1 : stats.scoreSum / n,
    issues_found: issues.length,
    issues,
    anomalies,
    duplicates,
    recommendations,
    execution_time: (clock() - started) / 1000,
  };
}
