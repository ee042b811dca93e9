import { uuidV5 } from '../ids.js';
import { pearson, spearman } from '../stats/correlation.js';
import { num, strength, type CorrelationAnalysisRequest, type CorrelationAnalysisResponse } from './seedTypes.js';

/** POST /correlation: pairwise Pearson or Spearman with t-distribution p-values over rows where both values are numbers. */
export function correlation(req: CorrelationAnalysisRequest, now = 0): CorrelationAnalysisResponse {
  const method = req.correlation_method ?? 'pearson';
  const alpha = req.significance_threshold ?? 0.05;
  const minR = req.min_correlation_strength ?? 0.3;
  const vars = req.variables.filter((v) => req.data.some((r) => num(r[v]) !== null));
  const matrix: CorrelationAnalysisResponse['correlation_matrix'] = {};
  const significant: CorrelationAnalysisResponse['significant_correlations'] = [];
  const strengths: CorrelationAnalysisResponse['correlation_strength'] = {};
  for (const v of vars) matrix[v] = { [v]: 1 };
  for (let i = 0; i < vars.length; i++) for (let j = i + 1; j < vars.length; j++) {
    const a = vars[i]!;
    const b = vars[j]!;
    const pairs = req.data.map((r) => [num(r[a]), num(r[b])] as const).filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
    if (pairs.length < 3) continue;
    const res = (method === 'spearman' ? spearman : pearson)(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
    matrix[a]![b] = res.coefficient;
    matrix[b]![a] = res.coefficient;
    strengths[`${a}__${b}`] = strength(res.coefficient);
    if (Math.abs(res.coefficient) >= minR && res.pValue <= alpha) {
      significant.push({ variable1: a, variable2: b, correlation: res.coefficient, p_value: res.pValue, strength: strength(res.coefficient), direction: res.coefficient >= 0 ? 'positive' : 'negative' });
    }
  }
  significant.sort((x, y) => Math.abs(y.correlation) - Math.abs(x.correlation));
  return {
    analysis_id: uuidV5(`seed-correlation|${JSON.stringify(req)}`),
    correlation_matrix: matrix,
    significant_correlations: significant,
    correlation_strength: strengths,
    insights: significant.map((s) => `${s.variable1} and ${s.variable2}: ${s.strength} ${s.direction} ${method} correlation ${s.correlation.toFixed(2)} (p=${s.p_value.toPrecision(2)})`),
    execution_time: 0,
    timestamp: new Date(now).toISOString(),
  };
}
