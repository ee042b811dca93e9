import type { CompiledChecks } from '../checks/compiledChecks.js';
import type { RecordVerdict } from '../checks/evaluateRecord.js';
import { getField } from '../fieldPath.js';
import { recordWindowStats } from '../window/windowStats.js';

// The event shapes are the types generated from schemas/avro (@rivulet/contracts): they cannot drift.
import type { QualityCheckEvaluated, QualityIssueDetected, RecordRef } from '@rivulet/contracts';

export type { QualityDimensions, RecordRef } from '@rivulet/contracts';
/** QualityCheckEvaluated without the envelope (the app adds it). */
export type QualityCheckEvaluatedPayload = Omit<QualityCheckEvaluated, 'envelope'>;
/** QualityIssueDetected without the envelope. */
export type QualityIssueDetectedPayload = Omit<QualityIssueDetected, 'envelope'>;

function firstText(record: unknown, paths: readonly string[]): string | null {
  for (const p of paths) {
    const v = getField(record, p);
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

/** Source, region and segment of a record, read from the paths the checks file names (or the defaults). */
export function recordDimensions(checks: CompiledChecks, record: unknown, fallbackSource: string) {
  return {
    source_system: firstText(record, checks.dimensions.source) ?? fallbackSource,
    region: firstText(record, checks.dimensions.region),
    segment: firstText(record, checks.dimensions.segment),
  };
}

/**
 * The two derived events of one evaluated record: the verdict (topic quality.results) and one issue per failed
 * check (topic quality.issues) with the dimensions RCA slices by. `passed` follows the schema: no FAIL.
 */
export function toQualityEvents(
  checks: CompiledChecks,
  record: unknown,
  verdict: RecordVerdict,
  ref: RecordRef,
  anomalyScore: number | null = null,
): { evaluated: QualityCheckEvaluatedPayload; issues: QualityIssueDetectedPayload[] } {
  const dims = recordDimensions(checks, record, ref.source_system);
  // What a window read model folds (completeness, validity, duplicates, per-check counts), carried per record
  // so the projector needs no checks file: the same delta `recordWindowStats` computes.
  const delta = recordWindowStats(checks, record, verdict, { source: ref.source_system, windowStart: 0, windowEnd: 0 });
  const perRecord = new Set(verdict.failed.map((f) => f.check));
  const counted = Object.entries(delta.checks);
  return {
    evaluated: {
      record: ref,
      entity: checks.entity,
      score: verdict.score,
      passed: verdict.status !== 'FAIL',
      checks_evaluated: verdict.checksEvaluated,
      failed_checks: verdict.failed.map((f) => f.check),
      anomaly_score: anomalyScore,
      passed_checks: counted.filter(([, c]) => c.failed === 0).map(([name]) => name),
      window_failed_checks: counted.filter(([name, c]) => c.failed > 0 && !perRecord.has(name)).map(([name]) => name),
      field_presence: Object.fromEntries(Object.entries(delta.present).map(([field, n]) => [field, n > 0])),
      invalid: delta.invalidRecords > 0,
      duplicate: delta.duplicateRecords > 0,
    },
    issues: verdict.failed.map((f) => ({
      record: ref,
      check: f.check,
      field: f.field,
      severity: f.severity,
      dimensions: { ...dims, entity: checks.entity, field: f.field, check: f.check },
      observed_value: f.observed,
      expected: f.expected,
      message: f.message,
    })),
  };
}
