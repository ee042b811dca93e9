import graphology from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import type { DependencyGraph, NodeKind } from './dependencyGraph.js';

// graphology-metrics is CommonJS: under Node ESM the default import is module.exports, under some bundlers it is
// wrapped in { default }; accept both.
type Pagerank = typeof pagerankModule extends { default: infer F } ? F : typeof pagerankModule;
const pagerank = ((pagerankModule as unknown as { default?: Pagerank }).default ?? pagerankModule) as Pagerank;

export interface UpstreamCandidate {
  node: string;
  kind: NodeKind;
  /** Share of the failing weight reachable downstream of the node. */
  coverage: number;
  /**
   * How much of what flows out of the node is the failure: failing weight / (failing + expected weight) of its
   * downstream checks when expected weights are given, else the share of its downstream checks that fail. Low for
   * a hub that also feeds healthy checks.
   */
  specificity: number;
  /** PageRank on the reversed graph, scaled to max 1: how much of the graph depends on the node. */
  upstreamness: number;
  failingChecks: number;
  score: number;
}

/**
 * Ranks the nodes upstream of failing checks: score = coverage × specificity × (1 + 0.1·upstreamness), with
 * `failing` the excess failures per check node and `expected` (optional) the normal failure volume per check. A source
 * whose descendants account for most failing checks outranks each check (whose coverage is only its own
 * share); between nodes that explain the same checks equally, the more upstream one (higher reversed PageRank)
 * wins, so the cause is named rather than its symptoms.
 */
export function rankUpstream(graph: DependencyGraph, failing: Readonly<Record<string, number>>, expected?: Readonly<Record<string, number>>): UpstreamCandidate[] {
  const weights = Object.entries(failing).filter(([id, w]) => w > 0 && graph.hasNode(id));
  const total = weights.reduce((s, [, w]) => s + w, 0);
  if (total <= 0) return [];
  const reach = new Map<string, { weight: number; checks: number }>();
  for (const [check, w] of weights) {
    for (const n of [check, ...ancestors(graph, check)]) {
      const r = reach.get(n) ?? { weight: 0, checks: 0 };
      r.weight += w;
      r.checks += 1;
      reach.set(n, r);
    }
  }
  const reversed = new graphology.DirectedGraph();
  graph.forEachNode((n) => reversed.addNode(n));
  graph.forEachEdge((_e, _a, source, target) => reversed.mergeDirectedEdge(target, source));
  const pr = pagerank(reversed, { getEdgeWeight: null });
  const maxPr = Math.max(...Object.values(pr), 0) || 1;
  const out: UpstreamCandidate[] = [];
  for (const [node, r] of reach) {
    const checks = [node, ...descendants(graph, node)].filter((d) => graph.getNodeAttribute(d, 'kind') === 'check');
    const coverage = r.weight / total;
    const normal = expected ? checks.reduce((s, c) => s + Math.max(0, expected[c] ?? 0), 0) : 0;
    const specificity = expected ? r.weight / (r.weight + normal) : checks.length > 0 ? r.checks / checks.length : 0;
    const upstreamness = (pr[node] ?? 0) / maxPr;
    out.push({ node, kind: graph.getNodeAttribute(node, 'kind'), coverage, specificity, upstreamness, failingChecks: r.checks, score: coverage * specificity * (1 + 0.1 * upstreamness) });
  }
  return out.sort((a, b) => b.score - a.score || b.upstreamness - a.upstreamness || (a.node < b.node ? -1 : 1));
}

/** Every node upstream of `node` (sorted). */
export function ancestors(graph: DependencyGraph, node: string): string[] {
  return walk(node, (n) => graph.inNeighbors(n));
}

/** Every node downstream of `node` (sorted). */
export function descendants(graph: DependencyGraph, node: string): string[] {
  return walk(node, (n) => graph.outNeighbors(n));
}

function walk(start: string, next: (n: string) => string[]): string[] {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const m of next(stack.pop()!)) if (!seen.has(m)) { seen.add(m); stack.push(m); }
  }
  seen.delete(start);
  return [...seen].sort();
}
