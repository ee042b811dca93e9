import type { Correlation, Prediction, Trend } from '../contracts.js';
import { pearson, spearman, type CorrelationResult } from '../stats/correlation.js';
import { linearTrend, type LinearTrend } from '../stats/linearTrend.js';
import { mannKendall, type MannKendallResult } from '../stats/mannKendall.js';
import { predictCrossing } from '../stats/predictCrossing.js';
import type { MetricSeries } from './windowSeries.js';

const HOUR = 3_600_000;

export interface ThresholdRule { metric: string; threshold: number; direction: 'above' | 'below'; /** How far ahead to look, ms. */ horizonMs: number }
export interface StatisticsOptions { alpha?: number; minPoints?: number; minCorrelation?: number; thresholds?: ThresholdRule[]; windowMs: number }

export interface CorrelationDetail { left: string; right: string; lagMs: number; pearson: CorrelationResult; spearman: CorrelationResult }
export interface TrendDetail { metric: string; mannKendall: MannKendallResult; ols: LinearTrend; direction: Trend['direction']; slopePerHour: number }

/** Correlations of the quality metric with each KPI (same window, and KPI one window later), trends and threshold ETAs. */
export function seriesStatistics(quality: MetricSeries, kpis: readonly MetricSeries[], o: StatisticsOptions) {
  const alpha = o.alpha ?? 0.05;
  const minPoints = o.minPoints ?? 5;
  const correlationDetails: CorrelationDetail[] = [];
  for (const k of kpis) {
    for (const lag of [0, 1]) {
      const x = quality.values.slice(0, quality.values.length - lag);
      const y = k.values.slice(lag);
      if (x.length < minPoints) continue;
      correlationDetails.push({ left: quality.metric, right: k.metric, lagMs: lag * o.windowMs, pearson: pearson(x, y), spearman: spearman(x, y) });
    }
  }
  const correlations: Correlation[] = correlationDetails
    .filter((c) => c.pearson.pValue <= alpha && Math.abs(c.pearson.coefficient) >= (o.minCorrelation ?? 0.5))
    .map((c) => ({ left: c.left, right: c.right, coefficient: c.pearson.coefficient, lag_ms: c.lagMs }));
  const trendDetails: TrendDetail[] = [];
  for (const s of [quality, ...kpis]) {
    if (s.values.length < minPoints) continue;
    const hours = s.times.map((t) => t / HOUR);
    const mk = mannKendall(s.values, alpha);
    const ols = linearTrend(hours, s.values);
    const direction = mk.trend === 'increasing' ? 'UP' : mk.trend === 'decreasing' ? 'DOWN' : 'FLAT';
    trendDetails.push({ metric: s.metric, mannKendall: mk, ols, direction, slopePerHour: ols.slope });
  }
  const trends: Trend[] = trendDetails.map((t) => ({ metric: t.metric, direction: t.direction, slope: t.slopePerHour }));
  const predictions: Prediction[] = [];
  for (const rule of o.thresholds ?? []) {
    const s = [quality, ...kpis].find((m) => m.metric === rule.metric);
    if (!s || s.values.length < minPoints) continue;
    const f = predictCrossing(s.times.map((t) => t / HOUR), s.values, rule.threshold, { direction: rule.direction, horizon: rule.horizonMs / HOUR, level: 0.9 });
    if (f.eta === null) continue;
    const iso = (h: number | null) => (h === null ? 'not within the search range' : new Date(Math.round(h * HOUR)).toISOString());
    predictions.push({
      target: rule.metric,
      probability: f.probabilityWithinHorizon,
      expected_at: Math.round(f.eta * HOUR),
      description: f.alreadyBreached
        ? `${rule.metric} is already ${rule.direction} ${rule.threshold}`
        : `${rule.metric} trending ${f.trend.slope >= 0 ? 'up' : 'down'} ${f.trend.slope.toPrecision(3)}/h (p=${f.trend.pValue.toPrecision(2)}) crosses ${rule.threshold} around ${iso(f.eta)} (90% interval ${iso(f.earliest)} .. ${iso(f.latest)}); P(breach within ${rule.horizonMs / HOUR} h) = ${(f.probabilityWithinHorizon * 100).toFixed(0)}%`,
    });
  }
  return { correlations, correlationDetails, trends, trendDetails, predictions };
}
