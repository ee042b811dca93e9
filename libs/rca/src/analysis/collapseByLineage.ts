import type { Combination } from '../localise/combinationSearch.js';
import { dimensionKey, type IssueDimension } from '../window/windowState.js';
import type { Leaf } from '../localise/leaves.js';
import { jsSurprise } from '../localise/surprise.js';
import { nodeId, type DependencyGraph } from '../graph/dependencyGraph.js';
import { ancestors, descendants, type UpstreamCandidate } from '../graph/rankUpstream.js';

/** What a cause may be named by: the issue dimensions, or a topic when the graph names one fed by several sources. */
export type CauseDimension = IssueDimension | 'topic';

export interface LineageCause extends Omit<Combination<IssueDimension>, 'dimensions'> {
  dimensions: Partial<Record<CauseDimension, string | null>>;
  /** Set when the cause was named by the dependency graph: the upstream node and the combinations it explains. */
  upstream?: { node: string; symptoms: Partial<Record<IssueDimension, string | null>>[] };
}

export interface CollapseOptions {
  /** Least share of the failing weight the top upstream node must reach (default 0.5). */
  minCoverage?: number;
  /** Least part of a combination's excess that must lie downstream of the node for it to count as a symptom (default 0.8). */
  minInside?: number;
}

/**
 * Names the cause rather than its symptoms. When the best upstream candidate of the dependency graph (a source or
 * topic) carries most of the failing weight, the combinations whose excess lies (mostly) in checks downstream of
 * it are its symptoms: e.g. a broken ERP account feed shows up as unresolved account references on billing
 * invoices and ERP orders, which the combination search reports as {billing, NORTH} and {erp, NORTH}. They are
 * replaced by one cause named after the upstream source (or topic, when several sources feed it), with the
 * region/segment all their excess lies in, and their shares added up. A single combination that already names that
 * source is left as it is. `leaves` are the leaves the search ran on (projected onto `locDims`).
 */
export function collapseByLineage(
  combos: readonly Combination<IssueDimension>[], leaves: readonly Leaf<IssueDimension>[], locDims: readonly IssueDimension[],
  graph: DependencyGraph, upstream: readonly UpstreamCandidate[], o: CollapseOptions = {},
): LineageCause[] {
  const top = upstream[0];
  // Telling which checks a combination's leaves are needs source, entity and check among the searched dimensions.
  if (!(['source_system', 'entity', 'check'] as const).every((d) => locDims.includes(d))) return [...combos];
  if (!top || (top.kind !== 'source' && top.kind !== 'topic') || top.coverage < (o.minCoverage ?? 0.5)) return [...combos];
  const downstream = new Set(descendants(graph, top.node));
  const name = causeName(graph, top);
  const byKey = new Map(leaves.map((l) => [dimensionKey(locDims, l.dims), l]));
  const excess = (l: Leaf<IssueDimension>) => Math.max(0, l.actual - l.forecast);
  const symptoms = combos.filter((c) => {
    const claimed = c.leafKeys.map((k) => byKey.get(k)).filter((l): l is Leaf<IssueDimension> => l !== undefined);
    const total = claimed.reduce((s, l) => s + excess(l), 0);
    const inside = claimed.filter((l) => downstream.has(nodeId.check(l.dims.source_system ?? '', l.dims.entity ?? '', l.dims.check ?? ''))).reduce((s, l) => s + excess(l), 0);
    return total > 0 && inside / total >= (o.minInside ?? 0.8);
  });
  if (symptoms.length === 0) return [...combos];
  if (symptoms.length === 1 && name.source_system !== undefined && symptoms[0]!.dimensions.source_system === name.source_system) return [...combos];

  const keys = [...new Set(symptoms.flatMap((c) => c.leafKeys))].sort();
  const claimed = keys.map((k) => byKey.get(k)).filter((l): l is Leaf<IssueDimension> => l !== undefined);
  // Region/segment: the one value every claimed leaf has, when the window has others (so it says something).
  const where: Partial<Record<CauseDimension, string | null>> = {};
  for (const d of ['region', 'segment'] as const) {
    if (!locDims.includes(d)) continue;
    const values = new Set(claimed.map((l) => l.dims[d]));
    const [only] = values;
    if (values.size === 1 && only !== null && only !== undefined && new Set(leaves.map((l) => l.dims[d])).size > 1) where[d] = only;
  }
  const V = leaves.reduce((s, l) => s + l.actual, 0);
  const F = leaves.reduce((s, l) => s + l.forecast, 0);
  const actual = claimed.reduce((s, l) => s + l.actual, 0);
  const forecast = claimed.reduce((s, l) => s + l.forecast, 0);
  const share = symptoms.reduce((s, c) => s + c.share, 0);
  const merged: LineageCause = {
    dimensions: { ...name, ...where },
    actual,
    forecast,
    share,
    precision: symptoms.reduce((s, c) => s + c.precision * c.share, 0) / share,
    ripple: Math.max(...symptoms.map((c) => c.ripple)),
    surprise: jsSurprise(F > 0 ? forecast / F : 0, V > 0 ? actual / V : 0),
    explanatoryPower: V - F > 0 ? (actual - forecast) / (V - F) : 0,
    score: Math.max(...symptoms.map((c) => c.score)),
    leafKeys: keys,
    upstream: { node: top.node, symptoms: symptoms.map((c) => c.dimensions) },
  };
  return [merged, ...combos.filter((c) => !symptoms.includes(c))];
}

/** source:x → {source_system: x}; a topic fed by one source → that source; a topic fed by several → {topic}. */
function causeName(graph: DependencyGraph, top: UpstreamCandidate): Partial<Record<CauseDimension, string>> {
  const name = graph.getNodeAttribute(top.node, 'name');
  if (top.kind === 'source') return { source_system: name };
  const sources = ancestors(graph, top.node).filter((n) => graph.getNodeAttribute(n, 'kind') === 'source');
  return sources.length === 1 ? { source_system: graph.getNodeAttribute(sources[0]!, 'name') } : { topic: name };
}
