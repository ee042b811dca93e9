import type { PartyRecord } from '../partyRecord.js';

/** A stored pairwise score between two members (both directions are stored, see ResolutionState.links). */
export interface LinkScore {
  probability: number;
  matched_fields: string[];
}

export interface EntityEntry {
  entity_id: string;
  tenant_id: string;
  /** memberKeys, ascending. Empty once retired. */
  members: string[];
  /** Last version emitted on entities.golden; kept after retirement so a revived id continues counting. */
  version: number;
  active: boolean;
  merged_into: string | null;
  /** Per member: confidence of its assignment and when it joined this entity. */
  membership: Record<string, { confidence: number; joined_at: number }>;
}

/**
 * Everything incremental resolution needs, as plain JSON-able maps keyed by memberKey. The app persists it
 * (PostgreSQL tables or compacted topics) and passes in the slice around the incoming record: the record,
 * its candidates, their entities with all members, and those members' links.
 */
export interface ResolutionState {
  records: Record<string, PartyRecord>;
  /** Symmetric adjacency: links[a][b] === links[b][a]. Only scores ≥ review_threshold are kept. */
  links: Record<string, Record<string, LinkScore>>;
  /**
   * A member whose best score is only in the review band is attached to the member it points at here
   * (assigned and flagged REVIEW), but only while it has no MATCH-level link of its own.
   */
  reviewLink: Record<string, string>;
  entityOf: Record<string, string>;
  entities: Record<string, EntityEntry>;
}

export function emptyState(): ResolutionState {
  return { records: {}, links: {}, reviewLink: {}, entityOf: {}, entities: {} };
}

/**
 * The delta one resolve call made, for the app to write (upserts; `null` deletes). Applying it to the state
 * that was passed in gives the state resolve returned.
 */
export interface StateChanges {
  records: Record<string, PartyRecord>;
  /** Keyed "a\u0000b" with a < b; null removes the link. */
  links: Record<string, LinkScore | null>;
  reviewLink: Record<string, string | null>;
  entityOf: Record<string, string>;
  entities: Record<string, EntityEntry>;
}

export function linkKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Pure: a new state with the changes applied (the input state is not modified). */
export function applyStateChanges(state: ResolutionState, changes: StateChanges): ResolutionState {
  const links = { ...state.links };
  for (const [key, score] of Object.entries(changes.links)) {
    const [a = '', b = ''] = key.split('\u0000');
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const row = { ...(links[x] ?? {}) };
      if (score) row[y] = score;
      else delete row[y];
      links[x] = row;
    }
  }
  const reviewLink = { ...state.reviewLink };
  for (const [k, v] of Object.entries(changes.reviewLink)) {
    if (v === null) delete reviewLink[k];
    else reviewLink[k] = v;
  }
  return {
    records: { ...state.records, ...changes.records },
    links,
    reviewLink,
    entityOf: { ...state.entityOf, ...changes.entityOf },
    entities: { ...state.entities, ...changes.entities },
  };
}
