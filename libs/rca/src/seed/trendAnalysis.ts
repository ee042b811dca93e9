import { linearTrend } from '../stats/linearTrend.js';
import { mannKendall } from '../stats/mannKendall.js';
import { num, time, type TrendAnalysisRequest, type TrendAnalysisResponse } from './seedTypes.js';

const PERIOD_MS = { hourly: 3_600_000, daily: 86_400_000, weekly: 7 * 86_400_000, monthly: 30 * 86_400_000 } as const;

/** POST /trend-analysis: per metric, means per period (UTC buckets), then OLS slope per period and Mann-Kendall. */
export function trendAnalysis(req: TrendAnalysisRequest): TrendAnalysisResponse {
  const period = req.trend_period ?? 'daily';
  const size = PERIOD_MS[period];
  const trends: TrendAnalysisResponse['trends'] = [];
  for (const metric of req.metrics) {
    const buckets = new Map<number, number[]>();
    for (const row of req.data) {
      const t = time(row[req.time_field]);
      const v = num(row[metric]);
      if (t === null || v === null) continue;
      const b = Math.floor(t / size);
      buckets.set(b, [...(buckets.get(b) ?? []), v]);
    }
    const keys = [...buckets.keys()].sort((a, b) => a - b);
    if (keys.length < 3) continue;
    const means = keys.map((k) => buckets.get(k)!.reduce((s, v) => s + v, 0) / buckets.get(k)!.length);
    const ols = linearTrend(keys.map((k) => k - keys[0]!), means);
    const mk = mannKendall(means);
    trends.push({
      metric, period, trend_slope: ols.slope, correlation: ols.r, significance: ols.pValue, trend_strength: Math.abs(ols.r), data_points: keys.length,
      mann_kendall: { s: mk.s, var_s: mk.varS, z: mk.z, p_value: mk.pValue, trend: mk.trend },
    });
  }
  return { trends, analysis_period: period, total_metrics_analyzed: trends.length };
}
