import { InvalidRcaInputError } from '../errors.js';
import { tTwoSidedP } from './distributions.js';

export interface CorrelationResult {
  method: 'pearson' | 'spearman';
  coefficient: number;
  /** Two-sided, from t = r·sqrt((n−2)/(1−r²)) with n−2 degrees of freedom (as scipy.stats.pearsonr/spearmanr). */
  pValue: number;
  n: number;
}

export function pearson(x: readonly number[], y: readonly number[]): CorrelationResult {
  const n = checkPairs(x, y);
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant series has no correlation with anything; report 0 with p = 1 rather than NaN.
  if (sxx === 0 || syy === 0) return { method: 'pearson', coefficient: 0, pValue: 1, n };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return { method: 'pearson', coefficient: r, pValue: pValueOfR(r, n), n };
}

export function spearman(x: readonly number[], y: readonly number[]): CorrelationResult {
  checkPairs(x, y);
  const r = pearson(averageRanks(x), averageRanks(y));
  return { ...r, method: 'spearman' };
}

export function pValueOfR(r: number, n: number): number {
  if (n <= 2) return 1;
  if (Math.abs(r) >= 1) return 0;
  return tTwoSidedP(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2);
}

/** Ranks 1..n, ties get the mean of their ranks. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    i = j + 1;
  }
  return ranks;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const v of xs) s += v;
  return xs.length === 0 ? 0 : s / xs.length;
}

function checkPairs(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new InvalidRcaInputError(`series lengths differ: ${x.length} vs ${y.length}`);
  if (x.length < 3) throw new InvalidRcaInputError(`correlation needs at least 3 points, got ${x.length}`);
  if ([...x, ...y].some((v) => !Number.isFinite(v))) throw new InvalidRcaInputError('correlation needs finite numbers');
  return x.length;
}
