import type { RcaFinding, RootCause } from '../contracts.js';
import { analysisIdFor, uuidV5 } from '../ids.js';
import type { WindowAggregate } from '../window/windowState.js';
import { explain, type RcaConfig, type RcaExplanation } from './explain.js';
import { recommendationFor, upstreamRecommendation } from './recommendations.js';
import { FINDING_SCHEMA_VERSION } from './findingVersion.js';
import { kpiFindings, type KpiMovementOptions } from './kpiFindings.js';

export { FINDING_SCHEMA_VERSION };
const DEFAULT_METRIC = 'quality.issues';

/** Analyses one closed window against its baseline and returns the rca.findings event (RcaFindingRecorded). */
export function analyze(window: WindowAggregate, baseline: readonly WindowAggregate[], config: RcaConfig): RcaFinding {
  return toFinding(explain(window, baseline, config), config);
}

/**
 * Every finding of one closed window: the quality finding (metric quality.issues) and one finding per KPI that
 * moved abnormally against its baseline windows (metric = the KPI's name, causes over source, region, segment).
 */
export function analyzeWindow(window: WindowAggregate, baseline: readonly WindowAggregate[], config: RcaConfig & { kpi?: KpiMovementOptions }): { quality: RcaFinding; kpis: RcaFinding[] } {
  const x = explain(window, baseline, config);
  return { quality: toFinding(x, config), kpis: kpiFindings(window, baseline, config, x.statistics) };
}

export function toFinding(x: RcaExplanation, config: RcaConfig): RcaFinding {
  const metric = config.metric ?? DEFAULT_METRIC;
  const w = x.window;
  const analysisId = analysisIdFor(w.tenantId, w, metric);
  const root_causes: RootCause[] = x.causes.map((c) => ({
    dimensions: Object.fromEntries(Object.entries(c.dimensions).map(([k, v]) => [k, v ?? '(none)'])),
    share: c.share,
    surprise: c.surprise,
    explanatory_power: c.explanatoryPower,
    rank: c.rank,
  }));
  const recommendations = x.causes.slice(0, 3).map((c) => recommendationFor(c, x.totalIssues));
  const top = x.upstream[0];
  if (top && (top.kind === 'source' || top.kind === 'topic') && top.coverage >= 0.5) recommendations.push(upstreamRecommendation(top));
  for (const c of x.statistics.correlationDetails) {
    if (c.pearson.pValue <= (config.statistics?.alpha ?? 0.05) && Math.abs(c.pearson.coefficient) >= (config.statistics?.minCorrelation ?? 0.5)) {
      recommendations.push(`${c.right} moves with ${c.left}${c.lagMs > 0 ? ` ${c.lagMs / 60_000} min later` : ''} (Pearson r=${c.pearson.coefficient.toFixed(2)}, p=${c.pearson.pValue.toPrecision(2)}; Spearman ρ=${c.spearman.coefficient.toFixed(2)}): watch it while fixing the cause.`);
    }
  }
  for (const p of x.statistics.predictions) recommendations.push(`Forecast: ${p.description}.`);
  return {
    envelope: {
      event_id: uuidV5(`rca-finding|${analysisId}|v${FINDING_SCHEMA_VERSION}`),
      tenant_id: w.tenantId,
      source_system: 'rca',
      event_time: w.end,
      ingest_time: config.now,
      schema_version: FINDING_SCHEMA_VERSION,
      lineage: null,
      pii_subject_id: null,
      trace_id: null,
    },
    analysis_id: analysisId,
    window: { start: w.start, end: w.end },
    metric,
    root_causes,
    correlations: x.statistics.correlations,
    trends: x.statistics.trends,
    predictions: x.statistics.predictions,
    recommendations,
    confidence_score: x.confidence,
  };
}
