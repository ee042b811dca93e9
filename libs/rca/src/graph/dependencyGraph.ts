import graphology from 'graphology';
import { InvalidRcaInputError } from '../errors.js';

export type NodeKind = 'source' | 'topic' | 'field' | 'check' | 'kpi';
export interface NodeAttributes { kind: NodeKind; name: string }
export interface LineageEdge { from: string; to: string }
export type DependencyGraph = graphology.DirectedGraph<NodeAttributes>;

/** Node ids are `<kind>:<name>`; fields and checks are qualified by source and entity, since names repeat across sources. */
export const nodeId = {
  source: (source: string) => `source:${source}`,
  topic: (topic: string) => `topic:${topic}`,
  field: (source: string, entity: string, field: string) => `field:${source}.${entity}.${field}`,
  check: (source: string, entity: string, check: string) => `check:${source}.${entity}.${check}`,
  kpi: (kpi: string) => `kpi:${kpi}`,
};

const KINDS: readonly NodeKind[] = ['source', 'topic', 'field', 'check', 'kpi'];

export function parseNodeId(id: string): NodeAttributes {
  const at = id.indexOf(':');
  const kind = id.slice(0, at) as NodeKind;
  if (at < 0 || !KINDS.includes(kind)) throw new InvalidRcaInputError(`dependency node id must be <kind>:<name> with kind in ${KINDS.join('/')}, got "${id}"`);
  return { kind, name: id.slice(at + 1) };
}

/** Builds the directed dependency graph (upstream → downstream) from lineage edges given by config. */
export function createDependencyGraph(edges: readonly LineageEdge[]): DependencyGraph {
  const g: DependencyGraph = new graphology.DirectedGraph<NodeAttributes>();
  const sorted = [...edges].sort((a, b) => (a.from + '\u0000' + a.to < b.from + '\u0000' + b.to ? -1 : 1));
  for (const e of sorted) {
    for (const id of [e.from, e.to]) if (!g.hasNode(id)) g.addNode(id, parseNodeId(id));
    if (!g.hasEdge(e.from, e.to)) g.addDirectedEdge(e.from, e.to);
  }
  return g;
}

export interface CheckLineage { source_system: string; entity: string; topic: string; field: string | null; check: string; kpis?: string[] }

/** The standard lineage source → topic → field → check (topic → check for record-level checks), plus field → KPI. */
export function lineageEdgesForChecks(checks: readonly CheckLineage[]): LineageEdge[] {
  const edges: LineageEdge[] = [];
  for (const c of checks) {
    const topic = nodeId.topic(c.topic);
    edges.push({ from: nodeId.source(c.source_system), to: topic });
    const check = nodeId.check(c.source_system, c.entity, c.check);
    if (c.field === null) {
      edges.push({ from: topic, to: check });
    } else {
      const field = nodeId.field(c.source_system, c.entity, c.field);
      edges.push({ from: topic, to: field }, { from: field, to: check });
      for (const k of c.kpis ?? []) edges.push({ from: field, to: nodeId.kpi(k) });
    }
  }
  return edges;
}
