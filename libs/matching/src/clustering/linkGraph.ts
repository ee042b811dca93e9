import type { DecisionConfig } from '../scoring/classify.js';
import type { ResolutionState } from './resolutionState.js';

/**
 * The edges that hold entities together: MATCH-level links, plus the review link of a member that has no
 * MATCH-level link (if that link still scores in the review band). Entities are exactly the connected
 * components of this graph, so any change of scores can be turned into merges and splits by recomputing
 * components around the change.
 */
export function linkingNeighbours(state: ResolutionState, node: string, config: DecisionConfig): string[] {
  const row = state.links[node] ?? {};
  const out: string[] = [];
  let strong = false;
  for (const [other, s] of Object.entries(row)) {
    if (s.probability >= config.confidence_threshold) {
      out.push(other);
      strong = true;
    } else if (state.reviewLink[other] === node && !hasStrong(state, other, config)) {
      out.push(other); // the other member is attached to this one for review
    }
  }
  const own = state.reviewLink[node];
  if (!strong && own !== undefined && (row[own]?.probability ?? 0) >= config.review_threshold) out.push(own);
  return out;
}

function hasStrong(state: ResolutionState, node: string, config: DecisionConfig): boolean {
  return Object.values(state.links[node] ?? {}).some((s) => s.probability >= config.confidence_threshold);
}

/**
 * All members whose entity can change after `seeds` changed: closure over linking edges and over old
 * entity membership (so a split leaves no member of the old entity unaccounted for).
 */
export function affectedMembers(state: ResolutionState, seeds: Iterable<string>, config: DecisionConfig): Set<string> {
  const seen = new Set<string>();
  const queue = [...seeds];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const entity = state.entityOf[node];
    for (const m of (entity && state.entities[entity]?.members) || []) if (!seen.has(m)) queue.push(m);
    for (const m of linkingNeighbours(state, node, config)) if (!seen.has(m)) queue.push(m);
  }
  return seen;
}
