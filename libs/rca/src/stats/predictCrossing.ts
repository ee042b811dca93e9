import { tCdf, tQuantile } from './distributions.js';
import { linearTrend, type LinearTrend } from './linearTrend.js';

export interface CrossingForecast {
  /** x at which the fitted line reaches the threshold (≥ last x); null when the trend never gets there. */
  eta: number | null;
  /** Range of x over which the prediction interval first touches and then fully passes the threshold. */
  earliest: number | null;
  latest: number | null;
  /** P(value at `lastX + horizon` is past the threshold), from the t prediction distribution. */
  probabilityWithinHorizon: number;
  trend: LinearTrend;
  alreadyBreached: boolean;
}

export interface CrossingOptions {
  /** Which side is bad: 'above' (issue rate rising) or 'below' (a KPI falling). */
  direction: 'above' | 'below';
  horizon: number;
  /** Two-sided level of the prediction interval, default 0.9. */
  level?: number;
}

/**
 * Linear extrapolation to a threshold with an OLS prediction interval:
 * ŷ(x) ± t(1−α/2, n−2)·s·sqrt(1 + 1/n + (x−x̄)²/Sxx). Searches up to 100 horizons ahead.
 */
export function predictCrossing(x: readonly number[], y: readonly number[], threshold: number, o: CrossingOptions): CrossingForecast {
  const trend = linearTrend(x, y);
  const sign = o.direction === 'above' ? 1 : -1;
  const lastX = Math.max(...x);
  const df = trend.n - 2;
  const q = tQuantile(1 - (1 - (o.level ?? 0.9)) / 2, df);
  const fit = (at: number) => trend.intercept + trend.slope * at;
  const se = (at: number) => trend.residualStd * Math.sqrt(1 + 1 / trend.n + (at - trend.meanX) ** 2 / trend.sxx);
  // Margins past the threshold, positive once breached: mean, optimistic bound (touches first), pessimistic (passes fully).
  const margin = (at: number, bound: number) => sign * (fit(at) + bound * sign * q * se(at) - threshold);
  const lastY = y[x.indexOf(lastX)]!;
  const alreadyBreached = sign * (lastY - threshold) >= 0;
  const hx = lastX + o.horizon;
  const seH = se(hx);
  const zH = seH === 0 ? (margin(hx, 0) >= 0 ? Infinity : -Infinity) : (sign * (fit(hx) - threshold)) / seH;
  const probabilityWithinHorizon = Number.isFinite(zH) ? tCdf(zH, df) : zH > 0 ? 1 : 0;
  const limit = lastX + 100 * o.horizon;
  return {
    eta: alreadyBreached ? lastX : firstCrossing((at) => margin(at, 0), lastX, limit),
    earliest: alreadyBreached ? lastX : firstCrossing((at) => margin(at, 1), lastX, limit),
    latest: alreadyBreached ? lastX : firstCrossing((at) => margin(at, -1), lastX, limit),
    probabilityWithinHorizon,
    trend,
    alreadyBreached,
  };
}

/** First x in [from, to] where f(x) ≥ 0, by a coarse scan then bisection; null when there is none. */
function firstCrossing(f: (x: number) => number, from: number, to: number): number | null {
  if (f(from) >= 0) return from;
  const steps = 400;
  let prev = from;
  for (let i = 1; i <= steps; i++) {
    const at = from + ((to - from) * i) / steps;
    if (f(at) >= 0) {
      let lo = prev;
      let hi = at;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (f(mid) >= 0) hi = mid; else lo = mid;
      }
      return hi;
    }
    prev = at;
  }
  return null;
}
