import { ISSUE_DIMENSIONS, dimensionKey, type IssueDimension, type WindowAggregate } from '../window/windowState.js';
import { buildIssueLeaves, isAbnormal, projectLeaves, type Leaf } from '../localise/leaves.js';
import { adtributor, type AdtributorDimension, type AdtributorOptions } from '../localise/adtributor.js';
import { combinationSearch, type CombinationOptions } from '../localise/combinationSearch.js';
import { nodeId, type DependencyGraph } from '../graph/dependencyGraph.js';
import { rankUpstream, type UpstreamCandidate } from '../graph/rankUpstream.js';
import { lineageGraphOf, type ReferenceLineage } from '../graph/lineageGraph.js';
import { collapseByLineage, type CollapseOptions, type LineageCause } from './collapseByLineage.js';
import { drillDown, matches, type FailureDetail } from './drillDown.js';
import { seriesStatistics, type ThresholdRule } from './seriesStatistics.js';
import { windowSeries } from './windowSeries.js';

/** Default dimensions of the combination search: where (source, entity, region, segment), then what (field, check); earlier wins ties, so the more upstream name is used. */
export const LOCALISATION_DIMENSIONS = ['source_system', 'entity', 'region', 'segment', 'field', 'check'] as const;

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
  /**
   * Lineage graph (createDependencyGraph). Default: the graph the windows' own events show (lineageGraphOf over
   * baseline + window) with `references`; null, or no lineage at all: no upstream ranking.
   */
  graph?: DependencyGraph | null;
  /** Reference checks (a check on one entity that looks up another), for the default graph. */
  references?: readonly ReferenceLineage[];
  collapse?: CollapseOptions;
  statistics?: { alpha?: number; minPoints?: number; minCorrelation?: number; thresholds?: ThresholdRule[] };
}

export interface RankedCause extends LineageCause {
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
  const locDims = config.localisationDimensions ?? [...LOCALISATION_DIMENSIONS];
  const projected = projectLeaves(leaves, locDims);
  const combos = combinationSearch(projected, locDims, config.combination);
  const ad = adtributor(leaves, config.adtributorDimensions ?? [...ISSUE_DIMENSIONS], config.adtributor);

  let upstream: UpstreamCandidate[] = [];
  let located: LineageCause[] = combos;
  const graph = config.graph === null ? undefined : (config.graph ?? lineageGraphOf([...baseline, window], config.references));
  if (graph) {
    // Failing weight = excess issues of abnormal checks; expected = the normal issue volume of every check.
    const failing: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const l of projectLeaves(leaves, ['source_system', 'entity', 'check'] as const)) {
      const id = nodeId.check(l.dims.source_system ?? '', l.dims.entity ?? '', l.dims.check ?? '');
      expected[id] = (expected[id] ?? 0) + Math.min(l.forecast, l.actual);
      if (isAbnormal(l, zMin, minExcess)) failing[id] = (failing[id] ?? 0) + (l.actual - l.forecast);
    }
    upstream = rankUpstream(graph, failing, expected);
    located = collapseByLineage(combos, projected, locDims, graph, upstream, config.collapse);
  }
  const topScore = upstream[0]?.score ?? 0;
  const supportOf = (c: LineageCause) => {
    if (c.upstream) return topScore > 0 ? 1 : 0;
    const source = c.dimensions.source_system;
    if (!source || topScore <= 0) return 0;
    return Math.max(0, upstream.find((u) => u.node === nodeId.source(source))?.score ?? 0) / topScore;
  };
  const causes = located
    .map((c) => (c.upstream ? c : { ...c, dimensions: withImpliedSource(c.dimensions, projected) }))
    .map((c) => {
      const graphSupport = supportOf(c);
      const claimed = new Set(c.leafKeys);
      const covers = c.upstream
        ? (l: Leaf) => claimed.has(dimensionKey(locDims, l.dims))
        : (l: Leaf) => matches(l.dims, c.dimensions);
      return { ...c, graphSupport, rankScore: c.share * (1 + 0.25 * graphSupport), rank: 0, details: drillDown(leaves, window, covers, c.dimensions, zMin, minExcess) };
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
 * Names the source (and entity) of a combination that names only a field or check when every leaf it matches
 * has the same one ({field: phone, region: SOUTH} → {source_system: crm, entity: party, ...}): the set of leaves is
 * unchanged, so are its numbers, and the recommendation can say whose field it is.
 */
function withImpliedSource(dims: LineageCause['dimensions'], leaves: readonly Leaf<IssueDimension>[]): LineageCause['dimensions'] {
  if (dims.field === undefined && dims.check === undefined) return dims;
  const matching = leaves.filter((l) => matches(l.dims, dims));
  const out = { ...dims };
  for (const d of ['source_system', 'entity'] as const) {
    const values = new Set(matching.map((l) => l.dims[d]));
    const [only] = values;
    if (out[d] === undefined && values.size === 1 && only !== null && only !== undefined) out[d] = only;
  }
  return out;
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
