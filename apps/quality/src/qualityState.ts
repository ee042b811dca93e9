/**
 * What the quality handler needs to know beyond the record: whether a duplicate key was carried by an
 * earlier event, and whether referenced records exist. One `lookup` per record also registers the record's
 * own keys and id, so the answer and the write happen together.
 *
 * Contract every implementation keeps: the answer for an event depends only on rows keyed by event ids, so
 * asking again for the same event (a redelivery after an aborted Kafka transaction, a replay) gives the same
 * answer, and a record is never its own duplicate.
 */
export interface KeyLookupRequest {
  tenantId: string;
  /** Canonical entity of the record (the duplicate keys' namespace). */
  entity: string;
  eventId: string;
  /** Event time of the record (epoch ms): duplicates count within a window of it. */
  eventTime: number;
  /** `duplicateKey(entity, values)` strings of the record's duplicate checks (may hold personal values). */
  duplicateKeys: readonly string[];
  /** Ids the record's reference checks point at. */
  references: readonly RecordId[];
  /** The record's own identity, registered so later records can refer to it. */
  own: RecordId | null;
}

/** `entity` is a source entity (customer, account, invoice, ...), the namespace of `reference` checks. */
export interface RecordId {
  entity: string;
  id: string;
}

export interface KeyLookupAnswer {
  /** Duplicate keys first carried by another event within the window. */
  seen: ReadonlySet<string>;
  /** Existing references, as `referenceKey(entity, id)`. */
  exists: ReadonlySet<string>;
}

export interface QualityStateStore {
  lookup(request: KeyLookupRequest): Promise<KeyLookupAnswer>;
  /**
   * Optional, for a processor's chunk: answers `requests` in a few round trips, exactly as `lookup` called for
   * each in turn would (input order: a record sees the keys and ids of the records before it), writes what
   * those calls would write, and keeps each answer for the `lookup` of the same event that follows.
   */
  prefetch?(requests: readonly KeyLookupRequest[]): Promise<void>;
}

/** The holder of a duplicate key: the event that first carried it within the window. */
export interface KeyHolder {
  eventId: string;
  eventTime: number;
}

/**
 * `lookup`'s rule for one duplicate key, on the key's current holder: the event becomes the holder where there
 * is none or the holder is older than the window; the answer is whether the (new) holder makes it a duplicate.
 */
export function claimKey(holder: KeyHolder | undefined, event: KeyHolder, windowMs: number): { holder: KeyHolder; duplicate: boolean; claimed: boolean } {
  const claimed = !holder || holder.eventTime < event.eventTime - windowMs;
  const next = claimed ? event : holder;
  return { holder: next, duplicate: isDuplicateOf(next, event, windowMs), claimed };
}

export function referenceKey(entity: string, id: string): string {
  return `${entity}\u0000${id}`;
}

/**
 * Whether the event that first carried a key makes this event a duplicate: another event, close enough in
 * event time. The distance test also keeps an old redelivered event from being judged against a newer
 * holder of the key that replaced it after the window.
 */
export function isDuplicateOf(first: { eventId: string; eventTime: number }, event: { eventId: string; eventTime: number }, windowMs: number): boolean {
  return first.eventId !== event.eventId && Math.abs(first.eventTime - event.eventTime) <= windowMs;
}

/** An in-memory store with the PostgreSQL store's semantics, for unit tests and single-process tools. */
export function createMemoryQualityState(options: { duplicateWindowMs: number }): QualityStateStore {
  const keys = new Map<string, { eventId: string; eventTime: number }>();
  const known = new Set<string>();
  return {
    async lookup(r) {
      const seen = new Set<string>();
      for (const key of r.duplicateKeys) {
        const slot = `${r.tenantId}\u0000${r.entity}\u0000${key}`;
        const claim = claimKey(keys.get(slot), { eventId: r.eventId, eventTime: r.eventTime }, options.duplicateWindowMs);
        keys.set(slot, claim.holder);
        if (claim.duplicate) seen.add(key);
      }
      const exists = new Set<string>();
      for (const ref of r.references) if (known.has(`${r.tenantId}\u0000${referenceKey(ref.entity, ref.id)}`)) exists.add(referenceKey(ref.entity, ref.id));
      if (r.own) known.add(`${r.tenantId}\u0000${referenceKey(r.own.entity, r.own.id)}`);
      return { seen, exists };
    },
  };
}
