import { predictCrossing } from '../stats/predictCrossing.js';
import { num, time, type PredictFailureRequest, type PredictFailureResponse } from './seedTypes.js';

const HOUR = 3_600_000;

/**
 * POST /predict-failure. 'statistical' (and 'isolation_forest', which has no pure equivalent here and falls back,
 * reported in model_used) scores each row by its mean |z| over numeric columns, min-max scaled to [0, 1], as the seed
 * did. 'linear_trend' also extrapolates `metric` over `time_field` to `threshold` with a prediction interval.
 */
export function predictFailure(req: PredictFailureRequest): PredictFailureResponse {
  const threshold = req.warning_threshold ?? 0.7;
  const columns = [...new Set(req.data.flatMap((r) => Object.keys(r)))].filter((c) => c !== req.time_field && req.data.some((r) => num(r[c]) !== null)).sort();
  const stats = columns.map((c) => {
    const vs = req.data.map((r) => num(r[c]) ?? 0);
    const m = vs.reduce((s, v) => s + v, 0) / (vs.length || 1);
    const sd = Math.sqrt(vs.reduce((s, v) => s + (v - m) ** 2, 0) / (vs.length || 1));
    return { c, m, sd };
  });
  const raw = req.data.map((r) => (stats.length === 0 ? 0 : stats.reduce((s, { c, m, sd }) => s + (sd > 0 ? Math.abs(((num(r[c]) ?? 0) - m) / sd) : 0), 0) / stats.length));
  const lo = Math.min(...raw);
  const hi = Math.max(...raw);
  const scores = raw.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
  const predictions = scores.map((p, i) => ({ record_index: i, failure_probability: p, risk_level: (p > threshold ? 'high' : p > 0.5 ? 'medium' : 'low') as 'low' | 'medium' | 'high' }));
  const model = req.prediction_model === 'linear_trend' ? 'linear_trend' : 'statistical';
  let crossing: PredictFailureResponse['threshold_crossing'] = null;
  if (model === 'linear_trend' && req.time_field && req.metric && req.threshold !== undefined) {
    const pts = req.data.map((r) => [time(r[req.time_field!]), num(r[req.metric!])] as const).filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null).sort((a, b) => a[0] - b[0]);
    if (pts.length >= 3) {
      const f = predictCrossing(pts.map((p) => p[0] / HOUR), pts.map((p) => p[1]), req.threshold, { direction: req.direction ?? 'above', horizon: req.horizon_hours ?? 24 });
      const iso = (h: number | null) => (h === null ? null : new Date(Math.round(h * HOUR)).toISOString());
      crossing = { metric: req.metric, threshold: req.threshold, eta: iso(f.eta), earliest: iso(f.earliest), latest: iso(f.latest), probability_within_horizon: f.probabilityWithinHorizon, slope_per_hour: f.trend.slope, p_value: f.trend.pValue };
    }
  }
  return { predictions, high_risk_count: predictions.filter((p) => p.risk_level === 'high').length, warning_threshold: threshold, model_used: model, threshold_crossing: crossing };
}
