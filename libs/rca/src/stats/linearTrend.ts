import { InvalidRcaInputError } from '../errors.js';
import { tTwoSidedP } from './distributions.js';

export interface LinearTrend {
  slope: number;
  intercept: number;
  /** Standard error of the slope; t = slope / slopeStdErr with n−2 degrees of freedom. */
  slopeStdErr: number;
  pValue: number;
  r: number;
  n: number;
  meanX: number;
  sxx: number;
  /** Residual standard deviation sqrt(SSE / (n−2)). */
  residualStd: number;
}

/** Ordinary least squares y = intercept + slope·x, with the two-sided significance of the slope (as scipy.stats.linregress). */
export function linearTrend(x: readonly number[], y: readonly number[]): LinearTrend {
  const n = x.length;
  if (n !== y.length) throw new InvalidRcaInputError(`series lengths differ: ${n} vs ${y.length}`);
  if (n < 3) throw new InvalidRcaInputError(`a linear trend needs at least 3 points, got ${n}`);
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new InvalidRcaInputError('a linear trend needs at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const residualStd = Math.sqrt(sse / (n - 2));
  const slopeStdErr = residualStd / Math.sqrt(sxx);
  const pValue = slopeStdErr === 0 ? (slope === 0 ? 1 : 0) : tTwoSidedP(slope / slopeStdErr, n - 2);
  const r = syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  return { slope, intercept, slopeStdErr, pValue, r, n, meanX: mx, sxx, residualStd };
}
