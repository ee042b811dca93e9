import type { RcaEvent } from '../window/foldEvents.js';
import type { WindowAggregate } from '../window/windowState.js';
import { createDependencyGraph, nodeId, type DependencyGraph, type LineageEdge } from './dependencyGraph.js';

/** A check that looks another entity up (quality's `reference` checks): it fails when that entity's feed is broken. */
export interface ReferenceLineage {
  /** Canonical entity the check runs on (invoice). */
  entity: string;
  /** Check name as on the issues (reference.account_id). */
  check: string;
  /** Canonical entity it refers to (account): its topic canonical.<entity> feeds the check. */
  referencedEntity: string;
}

/** Key of one edge in WindowAggregate.lineage. */
export const edgeKey = (e: LineageEdge): string => JSON.stringify([e.from, e.to]);

/** Raw topic of a record by the platform's naming (raw.<source>.<entity>, see DESIGN.md), from its source entity. */
export const rawTopicOf = (source: string, sourceEntity: string): string => `raw.${source}.${sourceEntity}`;

/**
 * The lineage one input event shows, as edges upstream → downstream:
 * - an issue: source → raw topic → field → check (raw topic → check when the check names no field);
 * - a result: source → raw topic → canonical topic (which canonical records a raw feed produces);
 * - a KPI fact: source → raw topic → KPI.
 * Events without a record reference show none.
 */
export function lineageEdgesOfEvent(event: RcaEvent): LineageEdge[] {
  switch (event.kind) {
    case 'issue': {
      const { record, dimensions: d } = event.issue;
      if (!record) return [];
      const raw = nodeId.topic(rawTopicOf(record.source_system, record.entity));
      const check = nodeId.check(d.source_system, d.entity, d.check);
      const edges = [{ from: nodeId.source(record.source_system), to: raw }];
      if (d.field === null) return [...edges, { from: raw, to: check }];
      const field = nodeId.field(d.source_system, d.entity, d.field);
      return [...edges, { from: raw, to: field }, { from: field, to: check }];
    }
    case 'result': {
      const { record } = event.result;
      if (record.topic === undefined) return [];
      const raw = nodeId.topic(rawTopicOf(record.source_system, record.entity));
      return [{ from: nodeId.source(record.source_system), to: raw }, { from: raw, to: nodeId.topic(record.topic) }];
    }
    case 'kpi': {
      const { record, kpi } = event.fact;
      if (!record) return [];
      const raw = nodeId.topic(record.topic);
      return [{ from: nodeId.source(record.source_system), to: raw }, { from: raw, to: nodeId.kpi(kpi) }];
    }
  }
}

const keyCache = new Map<string, readonly string[]>();

/**
 * lineageEdgesOfEvent as edge keys, memoised by what determines them (a handful of sources, entities, fields
 * and checks): folding is per event, and building and serialising the edges each time tripled its cost.
 */
export function lineageKeysOfEvent(event: RcaEvent): readonly string[] {
  let id: string;
  switch (event.kind) {
    case 'issue': {
      const { record: r, dimensions: d } = event.issue;
      if (!r) return [];
      id = `i\u0000${r.source_system}\u0000${r.entity}\u0000${d.source_system}\u0000${d.entity}\u0000${d.field ?? '\u0001'}\u0000${d.check}`;
      break;
    }
    case 'result': {
      const r = event.result.record;
      if (r.topic === undefined) return [];
      id = `r\u0000${r.source_system}\u0000${r.entity}\u0000${r.topic}`;
      break;
    }
    case 'kpi': {
      const r = event.fact.record;
      if (!r) return [];
      id = `k\u0000${r.source_system}\u0000${r.topic}\u0000${event.fact.kpi}`;
      break;
    }
  }
  let keys = keyCache.get(id);
  if (!keys) {
    if (keyCache.size >= 10_000) keyCache.clear();
    keys = lineageEdgesOfEvent(event).map(edgeKey);
    keyCache.set(id, keys);
  }
  return keys;
}

/**
 * The dependency graph of a tenant as its windows saw it (the union of their lineage edges), plus an edge
 * canonical.<referenced entity> → check for every observed check that is a reference check. The edges are
 * sorted before the graph is built, so the same windows always give the same graph.
 */
export function lineageGraphOf(windows: readonly WindowAggregate[], references: readonly ReferenceLineage[] = []): DependencyGraph | undefined {
  const keys = new Set<string>();
  for (const w of windows) for (const k of Object.keys(w.lineage ?? {})) keys.add(k);
  if (keys.size === 0) return undefined;
  const edges: LineageEdge[] = [...keys].map((k) => {
    const [from, to] = JSON.parse(k) as [string, string];
    return { from, to };
  });
  const nodes = new Set(edges.flatMap((e) => [e.from, e.to]));
  const sources = [...nodes].filter((n) => n.startsWith('source:')).map((n) => n.slice('source:'.length)).sort();
  const referenceEdges: LineageEdge[] = [];
  for (const r of references) {
    for (const source of sources) {
      const check = nodeId.check(source, r.entity, r.check);
      if (nodes.has(check)) referenceEdges.push({ from: nodeId.topic(`canonical.${r.referencedEntity}`), to: check });
    }
  }
  return createDependencyGraph([...edges, ...referenceEdges]);
}
