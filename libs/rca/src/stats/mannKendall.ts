import { InvalidRcaInputError } from '../errors.js';
import { normalTwoSidedP } from './distributions.js';

export interface MannKendallResult {
  s: number;
  /** Var(S) with the ties correction: [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18. */
  varS: number;
  /** Continuity-corrected: (S − sign(S)) / sqrt(Var S). */
  z: number;
  pValue: number;
  /** Kendall's tau-a = S / (n(n−1)/2). */
  tau: number;
  trend: 'increasing' | 'decreasing' | 'no trend';
  n: number;
}

/** Mann-Kendall non-parametric trend test (Mann 1945, Kendall 1975); O(n²), fine for window series. */
export function mannKendall(values: readonly number[], alpha = 0.05): MannKendallResult {
  const n = values.length;
  if (n < 3) throw new InvalidRcaInputError(`Mann-Kendall needs at least 3 points, got ${n}`);
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
  }
  const groups = new Map<number, number>();
  for (const v of values) groups.set(v, (groups.get(v) ?? 0) + 1);
  let ties = 0;
  for (const t of groups.values()) if (t > 1) ties += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = varS === 0 || s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(varS);
  const pValue = normalTwoSidedP(z);
  const trend = pValue < alpha ? (z > 0 ? 'increasing' : 'decreasing') : 'no trend';
  return { s, varS, z, pValue, tau: s / ((n * (n - 1)) / 2), trend, n };
}
