import { uuidV5 } from '../ids.js';
import { combinationSearch } from '../localise/combinationSearch.js';
import type { Leaf } from '../localise/leaves.js';
import { correlation } from './correlation.js';
import { num, time, type RCAAnalysisRequest, type RCAAnalysisResponse, type Row } from './seedTypes.js';
import { trendAnalysis } from './trendAnalysis.js';

/**
 * POST /analyze with the seed's fields, on the same localisation as the streaming path: string columns are the
 * dimensions, each affected metric is summed per dimension combination, and the forecast is either the rows
 * before time_window.start (scaled by row count) or, without a window, each combination's share of rows.
 */
export function analyzeRequest(req: RCAAnalysisRequest, now = 0): RCAAnalysisResponse {
  const depth = req.analysis_depth ?? 3;
  const tf = req.time_window?.field;
  const start = time(req.time_window?.start ?? null);
  const end = time(req.time_window?.end ?? null);
  const dims = [...new Set(req.data.flatMap((r) => Object.keys(r)))]
    .filter((c) => c !== tf && !req.affected_metrics.includes(c) && req.data.some((r) => typeof r[c] === 'string') && req.data.every((r) => num(r[c]) === null || typeof r[c] === 'string'))
    .sort();
  const inWindow = (r: Row) => { const t = tf ? time(r[tf]) : null; return t !== null && (start === null || t >= start) && (end === null || t < end); };
  const before = (r: Row) => { const t = tf ? time(r[tf]) : null; return t !== null && start !== null && t < start; };
  const windowed = tf !== undefined && start !== null;
  const observed = windowed ? req.data.filter(inWindow) : req.data;
  const base = windowed ? req.data.filter(before) : [];
  const root_causes: RCAAnalysisResponse['root_causes'] = [];
  for (const metric of req.affected_metrics) {
    const leaves = leavesOf(observed, base, dims, metric, windowed);
    for (const c of combinationSearch(leaves, dims, { zMin: 2, minExcess: 0, k: depth })) {
      const d = Object.fromEntries(Object.entries(c.dimensions).map(([k, v]) => [k, v ?? '(none)']));
      root_causes.push({
        type: 'dimension_combination', metric, dimensions: d,
        description: `${metric} is ${c.actual.toFixed(2)} where ${Object.entries(d).map(([k, v]) => `${k}=${v}`).join(', ')} (expected ${c.forecast.toFixed(2)}); ${Math.round(c.share * 100)}% of the excess`,
        share: c.share, surprise: c.surprise, explanatory_power: c.explanatoryPower, rank: 0, confidence: c.score,
      });
    }
  }
  root_causes.sort((a, b) => b.share - a.share || b.confidence - a.confidence).forEach((c, i) => (c.rank = i + 1));
  const causes = root_causes.slice(0, depth);
  const contributing_factors = [...new Set(req.data.flatMap((r) => Object.keys(r)))].sort().flatMap((f) => {
    const missing = req.data.filter((r) => r[f] === null || r[f] === undefined || r[f] === '').length;
    const pctMissing = req.data.length ? (missing / req.data.length) * 100 : 0;
    return pctMissing > 10 ? [{ type: 'data_quality' as const, factor: `Missing values in ${f}`, impact: (pctMissing > 50 ? 'high' : 'medium') as 'high' | 'medium', evidence: { missing_count: missing, missing_percentage: pctMissing }, recommendation: `Fix the collection of ${f}: ${pctMissing.toFixed(0)}% of rows lack it` }] : [];
  });
  const numeric = [...new Set(req.data.flatMap((r) => Object.keys(r)))].filter((c) => req.data.some((r) => typeof r[c] === 'number')).sort();
  const correlation_analysis = req.include_correlations !== false && numeric.length >= 2 ? correlation({ data: req.data, variables: numeric }, now) : null;
  const trend_analysis = req.include_trend_analysis !== false && tf ? trendAnalysis({ data: req.data, time_field: tf, metrics: req.affected_metrics }) : null;
  const anomaly_analysis = req.include_anomaly_detection !== false ? iqrAnomalies(req.data, req.affected_metrics) : null;
  const recommendations = [
    ...causes.map((c) => `Investigate ${Object.entries(c.dimensions).map(([k, v]) => `${k}=${v}`).join(', ')}: ${Math.round(c.share * 100)}% of the excess in ${c.metric}`),
    ...contributing_factors.map((f) => f.recommendation),
  ];
  const explained = Math.min(1, causes.reduce((s, c) => s + c.share, 0));
  return {
    analysis_id: uuidV5(`seed-analyze|${JSON.stringify(req)}`),
    status: 'completed',
    problem_summary: `${req.problem_description} — metrics ${req.affected_metrics.join(', ')}; ${observed.length} rows analysed against ${windowed ? `${base.length} baseline rows` : 'each combination\'s share of rows'}; ${causes.length} root cause(s) explain ${Math.round(explained * 100)}% of the excess`,
    root_causes: causes,
    contributing_factors,
    correlation_analysis,
    trend_analysis,
    anomaly_analysis,
    recommendations,
    confidence_score: causes.length === 0 ? 0 : explained * (0.5 + 0.5 * (causes[0]?.confidence ?? 0)),
    execution_time: 0,
    timestamp: new Date(now).toISOString(),
  };
}

function leavesOf(observed: Row[], base: Row[], dims: string[], metric: string, windowed: boolean): Leaf<string>[] {
  const group = (rows: Row[]) => {
    const m = new Map<string, { dims: Record<string, string | null>; sum: number; rows: number }>();
    for (const r of rows) {
      const values = Object.fromEntries(dims.map((d) => [d, typeof r[d] === 'string' ? (r[d] as string) : null]));
      const key = JSON.stringify(dims.map((d) => values[d]));
      const g = m.get(key) ?? { dims: values, sum: 0, rows: 0 };
      g.sum += num(r[metric]) ?? 0;
      g.rows += 1;
      m.set(key, g);
    }
    return m;
  };
  const now = group(observed);
  const past = group(base);
  const total = [...now.values()].reduce((s, g) => s + g.sum, 0);
  const scale = base.length > 0 ? observed.length / base.length : 1;
  const keys = [...new Set([...now.keys(), ...past.keys()])].sort();
  return keys.map((key) => {
    const g = now.get(key);
    const p = past.get(key);
    const forecast = windowed ? (p?.sum ?? 0) * scale : total * ((g?.rows ?? 0) / (observed.length || 1));
    return { key, dims: (g ?? p)!.dims, actual: g?.sum ?? 0, forecast: Math.max(forecast, 1e-9), firstAt: Infinity };
  });
}

function iqrAnomalies(data: Row[], metrics: string[]): NonNullable<RCAAnalysisResponse['anomaly_analysis']> {
  const anomalies = metrics.flatMap((metric) => {
    const vs = data.map((r) => num(r[metric])).filter((v): v is number => v !== null).sort((a, b) => a - b);
    if (vs.length < 4) return [];
    const q = (p: number) => { const i = (vs.length - 1) * p; const lo = Math.floor(i); return vs[lo]! + (vs[Math.ceil(i)]! - vs[lo]!) * (i - lo); };
    const iqr = q(0.75) - q(0.25);
    const bounds = { lower: q(0.25) - 1.5 * iqr, upper: q(0.75) + 1.5 * iqr };
    const count = vs.filter((v) => v < bounds.lower || v > bounds.upper).length;
    return count > 0 ? [{ metric, anomaly_count: count, anomaly_percentage: (count / vs.length) * 100, bounds }] : [];
  });
  return { anomalies, total_anomalies: anomalies.reduce((s, a) => s + a.anomaly_count, 0) };
}
