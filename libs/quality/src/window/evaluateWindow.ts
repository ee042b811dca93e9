import type { CompiledChecks, Threshold } from '../checks/compiledChecks.js';
import type { WindowStats } from './windowStats.js';

export interface WindowCheckResult {
  check: string;
  field: string | null;
  /** Records the check applied to in the window, and how many failed it. */
  evaluated: number;
  failed: number;
  /** failed / evaluated (0 when nothing was evaluated). */
  failedPercent: number;
  status: 'PASS' | 'WARN' | 'FAIL';
}

function breaches(t: Threshold | undefined, failed: number, share: number): boolean {
  if (!t) return false;
  return t.unit === 'count' ? failed >= t.value : share >= t.value;
}

/**
 * Aggregate verdicts of the checks that have `window` thresholds, e.g. `missing_percent(email) < 5% warn,
 * < 10% fail` is `window: { warn: 5%, fail: 10% }`: PASS below 5 %, WARN from 5 %, FAIL from 10 %.
 * The percentage is over the records the check applied to (for `missing`, every record).
 */
export function evaluateWindow(checks: CompiledChecks, stats: WindowStats): WindowCheckResult[] {
  return checks.checks
    .filter((c) => c.window !== undefined)
    .map((c) => {
      const counts = stats.checks[c.name] ?? { evaluated: 0, failed: 0 };
      const share = counts.evaluated === 0 ? 0 : counts.failed / counts.evaluated;
      const status = breaches(c.window?.fail, counts.failed, share) ? 'FAIL' : breaches(c.window?.warn, counts.failed, share) ? 'WARN' : 'PASS';
      return { check: c.name, field: c.field, evaluated: counts.evaluated, failed: counts.failed, failedPercent: share * 100, status };
    });
}
