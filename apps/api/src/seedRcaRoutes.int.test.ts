import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStack } from './testStack.fixture.js';

// The seed's RCA endpoints over HTTP, checked against the seed's models (RCAAnalysisRequest → RCAAnalysisResponse,
// CorrelationAnalysis*, TrendAnalysis*, PredictFailure*: libs/rca/src/seed/seedTypes.ts) and reference values.
const stack = await startTestStack();
afterAll(() => stack.stop());
const post = (path: string, body: unknown, key = stack.tenants.a.keys.operator) => request(stack.app).post(path).set('X-API-Key', key).send(body as object);

const REGIONS = ['NORTH', 'SOUTH', 'EAST', 'WEST'];
/** 12 days × 8 rows; from day 10 billing in NORTH has 40 more errors per row; revenue falls 10 a day. */
const rows = Array.from({ length: 96 }, (_, i) => {
  const day = Math.floor(i / 8);
  const region = REGIONS[i % 4]!;
  const source = i % 8 < 4 ? 'billing' : 'crm';
  return { ts: new Date(Date.UTC(2026, 10, 1 + day, i % 8)).toISOString(), region, source, errors: 2 + (i % 3) + (day >= 10 && source === 'billing' && region === 'NORTH' ? 40 : 0), revenue: 1000 - day * 10 - (i % 3) };
});

describe('POST /analyze (RCAAnalysisRequest → RCAAnalysisResponse)', () => {
  it('given rows with a spike from day 10, then every field of the response model, the spiking combination first and a recommendation naming it', async () => {
    const res = await post('/analyze', {
      data: rows, problem_description: 'errors up since the 11th', affected_metrics: ['errors'], time_window: { field: 'ts', start: '2026-11-11T00:00:00Z' },
      analysis_depth: 2, include_correlations: true, include_trend_analysis: true, include_anomaly_detection: true,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'analysis_id', 'anomaly_analysis', 'confidence_score', 'contributing_factors', 'correlation_analysis', 'execution_time', 'problem_summary',
      'recommendations', 'root_causes', 'status', 'timestamp', 'trend_analysis',
    ]);
    expect(res.body.status).toBe('completed');
    expect(res.body.root_causes[0]).toMatchObject({ type: 'dimension_combination', metric: 'errors', rank: 1, dimensions: { region: 'NORTH', source: 'billing' } });
    expect(res.body.root_causes[0].share).toBeGreaterThan(0.9);
    expect(res.body.recommendations.join(' ')).toMatch(/NORTH/);
    expect(res.body.confidence_score).toBeGreaterThan(0.5);
    expect(res.body.confidence_score).toBeLessThanOrEqual(1);
    expect(res.body.correlation_analysis.correlation_matrix.errors.errors).toBe(1);
    expect(res.body.trend_analysis.trends[0].metric).toBe('errors');
    expect(res.body.anomaly_analysis.anomalies[0]).toMatchObject({ metric: 'errors' });
    expect(Date.parse(res.body.timestamp)).not.toBeNaN();
  });

  it('given include_* false, then those parts are null; given other rows, then another analysis_id', async () => {
    const body = { data: rows, problem_description: 'x', affected_metrics: ['errors'], time_window: { field: 'ts', start: '2026-11-11T00:00:00Z' }, include_correlations: false, include_trend_analysis: false, include_anomaly_detection: false };
    const res = await post('/analyze', body);
    expect(res.body).toMatchObject({ correlation_analysis: null, trend_analysis: null, anomaly_analysis: null });
    expect((await post('/analyze', { ...body, data: rows.slice(8) })).body.analysis_id).not.toBe(res.body.analysis_id);
  });
});

describe('POST /correlation', () => {
  // Reference values: scipy.stats.pearsonr / spearmanr (scipy 1.17).
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const y = [2.1, 3.9, 6.2, 8.1, 9.8, 12.2, 13.8, 16.1, 18.3, 19.9];
  const z = [5, 3, 8, 1, 9, 2, 7, 4, 10, 6];
  const data = x.map((v, i) => ({ x: v, y: y[i], z: z[i], label: `r${i}` }));

  it('given three numeric columns and a text one, then the Pearson matrix matches scipy and only the significant pair is listed with its p-value', async () => {
    const res = await post('/correlation', { data, variables: ['x', 'y', 'z', 'label'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.correlation_matrix)).toEqual(['x', 'y', 'z']);
    expect(res.body.correlation_matrix.x.y).toBeCloseTo(0.9995699745117055, 9);
    expect(res.body.correlation_matrix.x.z).toBeCloseTo(0.2969696969696969, 9);
    expect(res.body.significant_correlations).toHaveLength(1);
    expect(res.body.significant_correlations[0]).toMatchObject({ variable1: 'x', variable2: 'y', strength: 'strong', direction: 'positive' });
    expect(res.body.significant_correlations[0].p_value).toBeLessThan(1e-10);
  });

  it('given spearman, then rank correlations (x–z 0.297, p 0.405 in scipy: not significant)', async () => {
    const res = await post('/correlation', { data, variables: ['x', 'z'], correlation_method: 'spearman', significance_threshold: 0.5, min_correlation_strength: 0.2 });
    expect(res.body.correlation_matrix.x.z).toBeCloseTo(0.29696969696969694, 9);
    expect(res.body.significant_correlations[0].p_value).toBeCloseTo(0.40470167127015705, 3);
  });

  it('given an unknown method, then 400 problem details naming the field', async () => {
    const res = await post('/correlation', { data, variables: ['x', 'y'], correlation_method: 'kendall' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.correlation_method');
  });
});

describe('POST /trend-analysis and /predict-failure', () => {
  it('given a revenue falling 10 a day, then the daily slope is −10, Mann-Kendall says decreasing and significant', async () => {
    const res = await post('/trend-analysis', { data: rows, time_field: 'ts', metrics: ['revenue', 'errors'], trend_period: 'daily' });
    expect(res.status).toBe(200);
    expect(res.body.total_metrics_analyzed).toBe(2);
    const revenue = res.body.trends.find((t: { metric: string }) => t.metric === 'revenue');
    expect(revenue).toMatchObject({ period: 'daily', data_points: 12, mann_kendall: { trend: 'decreasing' } });
    expect(revenue.trend_slope).toBeCloseTo(-10, 1);
    expect(revenue.mann_kendall.p_value).toBeLessThan(0.001);
  });

  it('given a rate rising 0.01 an hour, then linear_trend predicts it crosses 0.15 about 15 h after the first point, with high probability within the horizon', async () => {
    const data = Array.from({ length: 10 }, (_, h) => ({ ts: Date.UTC(2026, 10, 20, h), rate: 0.01 * h + (h % 2) * 0.002 }));
    const res = await post('/predict-failure', { data, prediction_model: 'linear_trend', time_field: 'ts', metric: 'rate', threshold: 0.15, horizon_hours: 12 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_used: 'linear_trend', warning_threshold: 0.7, threshold_crossing: { metric: 'rate', threshold: 0.15 } });
    const eta = Date.parse(res.body.threshold_crossing.eta);
    expect(Math.abs(eta - Date.UTC(2026, 10, 20, 15))).toBeLessThan(90 * 60_000);
    expect(res.body.threshold_crossing.probability_within_horizon).toBeGreaterThan(0.9);
    expect(res.body.predictions).toHaveLength(10);
  });

  it('given one row far off the others, then the statistical model rates it the only high risk', async () => {
    const data = Array.from({ length: 20 }, (_, i) => ({ latency: i === 7 ? 900 : 100 + (i % 5), errors: i === 7 ? 50 : i % 3 }));
    const res = await post('/predict-failure', { data });
    expect(res.body).toMatchObject({ model_used: 'statistical', high_risk_count: 1 });
    expect(res.body.predictions.filter((p: { risk_level: string }) => p.risk_level === 'high').map((p: { record_index: number }) => p.record_index)).toEqual([7]);
  });

  it('given a viewer, then the compute endpoints are refused (403)', async () => {
    expect((await post('/trend-analysis', { data: rows, time_field: 'ts', metrics: ['revenue'] }, stack.tenants.a.keys.viewer)).status).toBe(403);
  });
});
