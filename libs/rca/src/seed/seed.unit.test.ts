import { describe, expect, it } from 'vitest';
import { analyzeRequest } from './analyzeRequest.js';
import { correlation } from './correlation.js';
import { predictFailure } from './predictFailure.js';
import { trendAnalysis } from './trendAnalysis.js';

const regions = ['NORTH', 'SOUTH', 'EAST', 'WEST'];
const rows = Array.from({ length: 96 }, (_, i) => {
  const day = Math.floor(i / 8);
  const region = regions[i % 4]!;
  const source = i % 8 < 4 ? 'billing' : 'crm';
  const late = day >= 10;
  return { ts: new Date(Date.UTC(2026, 10, 1 + day, i % 8)).toISOString(), region, source, errors: 2 + (i % 3) + (late && source === 'billing' && region === 'NORTH' ? 40 : 0), revenue: 1000 - day * 10 - (i % 3) };
});

describe('seed-compatible functions', () => {
  it('given rows with a late spike, when /analyze runs with a time window, then the spiking combination is the first root cause', () => {
    const res = analyzeRequest({ data: rows, problem_description: 'errors up', affected_metrics: ['errors'], time_window: { field: 'ts', start: '2026-11-11T00:00:00Z' } });
    expect(res.status).toBe('completed');
    expect(res.root_causes[0]).toMatchObject({ rank: 1, dimensions: { region: 'NORTH', source: 'billing' } });
    expect(res.root_causes[0]!.share).toBeGreaterThan(0.9);
    expect(res.trend_analysis?.trends[0]?.metric).toBe('errors');
  });

  it('given two related columns, when /correlation runs, then the pair is significant with its p-value', () => {
    const data = Array.from({ length: 20 }, (_, i) => ({ revenue: 1000 - 7 * i + (i % 4), errors: 3 + i + (i % 3), note: 'x' }));
    const res = correlation({ data, variables: ['revenue', 'errors', 'note'], correlation_method: 'spearman' });
    expect(res.correlation_matrix.revenue!.revenue).toBe(1);
    expect(Object.keys(res.correlation_matrix)).toEqual(['revenue', 'errors']);
    expect(res.significant_correlations[0]).toMatchObject({ variable1: 'revenue', variable2: 'errors', direction: 'negative', strength: 'strong' });
    expect(res.significant_correlations[0]!.p_value).toBeLessThan(0.05);
  });

  it('given a falling daily revenue, when /trend-analysis runs, then the slope is about −10/day and Mann-Kendall says decreasing', () => {
    const t = trendAnalysis({ data: rows, time_field: 'ts', metrics: ['revenue'], trend_period: 'daily' }).trends[0]!;
    expect(t.trend_slope).toBeCloseTo(-10, 1);
    expect(t.mann_kendall.trend).toBe('decreasing');
    expect(t.data_points).toBe(12);
  });

  it('given a rising metric, when /predict-failure runs with linear_trend, then it returns an ETA for the threshold', () => {
    const data = Array.from({ length: 10 }, (_, h) => ({ ts: Date.UTC(2026, 10, 20, h), rate: 0.01 * h + (h % 2) * 0.002 }));
    const res = predictFailure({ data, prediction_model: 'linear_trend', time_field: 'ts', metric: 'rate', threshold: 0.15, horizon_hours: 12 });
    expect(res.predictions).toHaveLength(10);
    expect(res.threshold_crossing!.eta!.startsWith('2026-11-20T1')).toBe(true);
    expect(res.threshold_crossing!.probability_within_horizon).toBeGreaterThan(0.9);
  });
});
