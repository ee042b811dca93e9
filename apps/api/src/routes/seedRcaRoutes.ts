import { z } from '@rivulet/config';
import { analyzeRequest, correlation, predictFailure, trendAnalysis } from '@rivulet/rca';
import { defineRoute } from '../http/route.js';
import { records } from './seedTransformRoutes.js';
import type { RouteDeps } from './common.js';

const instant = z.union([z.string().max(64), z.number()]);
const columns = z.array(z.string().max(200)).min(1).max(200);

/** Measures wall time around a pure function that reports execution_time 0 (it reads no clock). */
function timed<T extends { execution_time?: number }>(run: () => T): T {
  const started = performance.now();
  const result = run();
  return 'execution_time' in result ? { ...result, execution_time: (performance.now() - started) / 1000 } : result;
}

export function seedRcaRoutes(deps: RouteDeps) {
  const common = { tag: 'seed: rca', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit } as const;
  return [
    defineRoute({
      ...common, method: 'post', path: '/analyze',
      summary: 'Root-cause analysis of a batch: dimension combinations explaining a metric change, ranked',
      body: z.object({
        data: records, problem_description: z.string().max(2_000), affected_metrics: columns,
        time_window: z.object({ field: z.string().optional(), start: instant.optional(), end: instant.optional() }).nullable().optional(),
        analysis_depth: z.number().int().min(1).max(10).optional(), include_correlations: z.boolean().optional(),
        include_trend_analysis: z.boolean().optional(), include_anomaly_detection: z.boolean().optional(),
      }),
      response: z.object({ analysis_id: z.string(), status: z.literal('completed'), problem_summary: z.string(), root_causes: z.array(z.record(z.string(), z.unknown())), recommendations: z.array(z.string()), confidence_score: z.number(), execution_time: z.number(), timestamp: z.string() }).loose(),
      handler: ({ body }) => timed(() => analyzeRequest(body, deps.now())),
    }),
    defineRoute({
      ...common, method: 'post', path: '/correlation',
      summary: 'Pairwise Pearson or Spearman correlations with p-values',
      body: z.object({
        data: records, variables: columns, correlation_method: z.enum(['pearson', 'spearman']).optional(),
        significance_threshold: z.number().gt(0).lt(1).optional(), min_correlation_strength: z.number().min(0).max(1).optional(),
      }),
      response: z.object({ analysis_id: z.string(), correlation_matrix: z.record(z.string(), z.record(z.string(), z.number())), significant_correlations: z.array(z.unknown()), correlation_strength: z.record(z.string(), z.string()), insights: z.array(z.string()), execution_time: z.number(), timestamp: z.string() }),
      handler: ({ body }) => timed(() => correlation(body, deps.now())),
    }),
    defineRoute({
      ...common, method: 'post', path: '/trend-analysis',
      summary: 'Trend slope and Mann-Kendall test per metric',
      body: z.object({ data: records, time_field: z.string().max(200), metrics: columns, trend_period: z.enum(['hourly', 'daily', 'weekly', 'monthly']).optional() }),
      response: z.object({ trends: z.array(z.unknown()), analysis_period: z.string(), total_metrics_analyzed: z.number() }),
      handler: ({ body }) => trendAnalysis(body),
    }),
    defineRoute({
      ...common, method: 'post', path: '/predict-failure',
      summary: 'Failure risk per record, and (linear_trend) when a metric will cross a threshold',
      body: z.object({
        data: records, prediction_model: z.enum(['statistical', 'linear_trend', 'isolation_forest']).optional(), warning_threshold: z.number().min(0).max(1).optional(),
        time_field: z.string().max(200).optional(), metric: z.string().max(200).optional(), threshold: z.number().optional(),
        direction: z.enum(['above', 'below']).optional(), horizon_hours: z.number().positive().max(24 * 365).optional(),
      }),
      response: z.object({ predictions: z.array(z.unknown()), high_risk_count: z.number(), warning_threshold: z.number(), model_used: z.string(), threshold_crossing: z.unknown().optional() }),
      handler: ({ body }) => predictFailure(body),
    }),
  ];
}
