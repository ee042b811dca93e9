import { ISSUE_DIMENSIONS, RECORD_DIMENSIONS, type IssueDimension, type WindowAggregate } from '../window/windowState.js';
import { buildIssueLeaves, isAbnormal, projectLeaves } from '../localise/leaves.js';
import { adtributor, type AdtributorDimension, type AdtributorOptions } from '../localise/adtributor.js';
import { combinationSearch, type Combination, type CombinationOptions } from '../localise/combinationSearch.js';
import { nodeId, type DependencyGraph } from '../graph/dependencyGraph.js';
import { rankUpstream, type UpstreamCandidate } from '../graph/rankUpstream.js';
import { drillDown, type FailureDetail } from './drillDown.js';
import { seriesStatistics, type ThresholdRule } from './seriesStatistics.js';
import { windowSeries } from './windowSeries.js';

export interface RcaConfig {
  /** Ingest time stamped on the finding (the handler's ctx.now): no clock is read here. */
  now: number;
  /** What is analysed; part of analysis_id. Default quality.issues. */
  metric?: string;
  /** Dimensions of the combination search; default where-dimensions (source_system, entity, region, segment), field and check are then reported per cause. */
  localisationDimensions?: IssueDimension[];
  adtributorDimensions?: IssueDimension[];
  combination?: CombinationOptions;
  adtributor?: AdtributorOptions;
  smoothing?: number;
  /** Lineage graph (createDependencyGraph); without it no upstream ranking is done. */
  graph?: DependencyGraph;
  statistics?: { alpha?: number; minPoints?: number; minCorrelation?: number; thresholds?: ThresholdRule[] };
}

export interface RankedCause extends Combination<IssueDimension> {
  rank: number;
  /** Upstream score of the cause's source node relative to the best node, in [0, 1]; 0 without a graph. */
  graphSupport: number;
  rankScore: number;
  details: FailureDetail[];
}

export interface RcaExplanation {
  window: WindowAggregate;
  totalIssues: number;
  expectedIssues: number;
  causes: RankedCause[];
  adtributor: AdtributorDimension[];
  upstream: UpstreamCandidate[];
  statistics: ReturnType<typeof seriesStatistics>;
  confidence: number;
}

/** The whole analysis of one closed window against its baseline windows, with every intermediate kept for inspection. */
export function explain(window: WindowAggregate, baseline: readonly WindowAggregate[], config: RcaConfig): RcaExplanation {
  const zMin = config.combination?.zMin ?? 3;
  const minExcess = config.combination?.minExcess ?? 3;
  const leaves = buildIssueLeaves(window, baseline, { smoothing: config.smoothing ?? 0.5 });
  const locDims = config.localisationDimensions ?? [...RECORD_DIMENSIONS];
  const combos = combinationSearch(projectLeaves(leaves, locDims), locDims, config.combination);
  const ad = adtributor(leaves, config.adtributorDimensions ?? [...ISSUE_DIMENSIONS], config.adtributor);

  let upstream: UpstreamCandidate[] = [];
  if (config.graph) {
    // Failing weight = excess issues of abnormal checks; expected = the normal issue volume of every check.
    const failing: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const l of projectLeaves(leaves, ['source_system', 'entity', 'check'] as const)) {
      const id = nodeId.check(l.dims.source_system ?? '', l.dims.entity ?? '', l.dims.check ?? '');
      expected[id] = (expected[id] ?? 0) + Math.min(l.forecast, l.actual);
      if (isAbnormal(l, zMin, minExcess)) failing[id] = (failing[id] ?? 0) + (l.actual - l.forecast);
    }
    upstream = rankUpstream(config.graph, failing, expected);
  }
  const topScore = upstream[0]?.score ?? 0;
  const supportOf = (c: Combination<IssueDimension>) => {
    const source = c.dimensions.source_system;
    if (!source || topScore <= 0) return 0;
    return Math.max(0, upstream.find((u) => u.node === nodeId.source(source))?.score ?? 0) / topScore;
  };
  const causes = combos
    .map((c) => {
      const graphSupport = supportOf(c);
      return { ...c, graphSupport, rankScore: c.share * (1 + 0.25 * graphSupport), rank: 0, details: drillDown(leaves, window, c.dimensions, zMin, minExcess) };
    })
    .sort((a, b) => b.rankScore - a.rankScore || b.score - a.score)
    .map((c, i) => ({ ...c, rank: i + 1 }));

  const { quality, kpis } = windowSeries([...baseline, window]);
  const statistics = seriesStatistics(quality, kpis, { ...config.statistics, windowMs: window.sizeMs });
  const totalIssues = leaves.reduce((s, l) => s + l.actual, 0);
  const expectedIssues = leaves.reduce((s, l) => s + l.forecast, 0);
  return { window, totalIssues, expectedIssues, causes, adtributor: ad, upstream, statistics, confidence: confidenceOf(causes, baseline.length) };
}

/**
 * Confidence in [0, 1]: how much of the excess the causes explain, how clean the top cause is (precision) and
 * how much history the forecast stands on (three or more baseline windows count as full evidence).
 */
function confidenceOf(causes: readonly RankedCause[], baselineWindows: number): number {
  if (causes.length === 0) return 0;
  const explained = Math.min(1, causes.reduce((s, c) => s + c.share, 0));
  const precision = causes[0]!.precision;
  const evidence = Math.min(1, baselineWindows / 3);
  return Math.max(0, Math.min(1, explained * (0.5 + 0.5 * precision) * (0.6 + 0.4 * evidence)));
}
