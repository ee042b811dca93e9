import { renderValue } from '../fieldPath.js';
import type { CompiledCheck, CompiledChecks, Severity } from './compiledChecks.js';
import { evaluateCheck } from './evaluateCheck.js';
import type { QualityContext } from './qualityContext.js';

export type RecordStatus = 'PASS' | 'WARN' | 'FAIL';

export interface FailedCheck {
  readonly check: string;
  readonly type: CompiledCheck['type'];
  readonly field: string | null;
  readonly severity: Severity;
  /** The offending value as text; null for personal fields unless `ctx.protect` turned it into ciphertext. */
  readonly observed: string | null;
  readonly expected: string;
  readonly message: string;
}

/** Every check's outcome, aggregate-only checks included: what window statistics fold. */
export interface CheckResult {
  readonly check: string;
  readonly outcome: 'pass' | 'fail' | 'skip';
}

export interface RecordVerdict {
  /** Weighted share of passed per-record checks among those that applied, in [0, 1]; 1 when none applied. */
  readonly score: number;
  readonly status: RecordStatus;
  /** Per-record checks that applied (not skipped). */
  readonly checksEvaluated: number;
  readonly failed: readonly FailedCheck[];
  readonly results: readonly CheckResult[];
}

/**
 * Runs every check of the entity on one record.
 *
 * Score = Σ weight(passed) / Σ weight(applied) over per-record checks (those with a severity), where a
 * skipped check is not "applied". A WARN and a FAIL lower the score alike; severity decides the status:
 * FAIL if any FAIL-severity check failed, else WARN if any failed, else PASS. Aggregate-only checks
 * (window thresholds, no severity) are evaluated for the window statistics but never touch the verdict.
 */
export function evaluateRecord(checks: CompiledChecks, record: unknown, ctx: QualityContext): RecordVerdict {
  const failed: FailedCheck[] = [];
  const results: CheckResult[] = [];
  let applied = 0;
  let passed = 0;
  let evaluated = 0;
  for (const check of checks.checks) {
    const outcome = evaluateCheck(check, record, checks.entity, ctx);
    results.push({ check: check.name, outcome: outcome.status });
    if (check.severity === undefined || outcome.status === 'skip') continue;
    evaluated++;
    applied += check.weight;
    if (outcome.status === 'pass') {
      passed += check.weight;
      continue;
    }
    const observed = check.pii ? (ctx.protect ? ctx.protect(check.field ?? check.name, outcome.observed) : null) : renderValue(outcome.observed);
    failed.push({
      check: check.name,
      type: check.type,
      field: check.field,
      severity: outcome.severity ?? check.severity,
      observed,
      expected: check.expected,
      // Messages of personal checks name the field, never the value.
      message: check.pii ? `${check.field ?? check.name} is not ${check.expected}` : outcome.message,
    });
  }
  const status: RecordStatus = failed.some((f) => f.severity === 'FAIL') ? 'FAIL' : failed.length > 0 ? 'WARN' : 'PASS';
  return { score: applied === 0 ? 1 : passed / applied, status, checksEvaluated: evaluated, failed, results };
}
