import type { Knex } from 'knex';
import { TransientError } from '@rivulet/runtime';
import { claimKey, isDuplicateOf, referenceKey, type KeyHolder, type KeyLookupAnswer, type KeyLookupRequest, type QualityStateStore } from './qualityState.js';

export interface PgQualityStateOptions {
  /** Duplicate keys may hold personal values: they are stored as a keyed hash (the pii cipher's HMAC), never in clear. */
  hashKey: (tenantId: string, key: string) => string;
  duplicateWindowMs: number;
  /** Existing references cached per process (records are never deleted, so a positive answer stays true). */
  referenceCacheSize?: number;
}

/**
 * Duplicate keys and known record ids in PostgreSQL (tables quality_seen_keys, quality_known_records).
 *
 * These writes are not part of the Kafka transaction that carries the verdict, and need not be: every row is
 * keyed so that repeating a lookup for the same event id changes nothing (`on conflict`), and the answer
 * for an event is a function of those rows. If the transaction aborts after the write, the redelivered
 * record finds its own row ("first carried by me") and gets the same verdict; a replay of the topic gets
 * the verdicts of the first run. What is not exactly-once is only a registration of an id that a later
 * record would have registered anyway.
 */
export function createPgQualityState(db: Knex, options: PgQualityStateOptions): QualityStateStore {
  const cacheSize = options.referenceCacheSize ?? 100_000;
  const knownCache = new Map<string, true>();
  /** A record id of a tenant, as the known-records cache (and the prefetch) key it. */
  const knownKey = (tenantId: string, entity: string, id: string) => `${tenantId}\u0000${referenceKey(entity, id)}`;
  const remember = (key: string) => {
    if (knownCache.size >= cacheSize) knownCache.delete(knownCache.keys().next().value as string);
    knownCache.set(key, true);
  };

  async function firstHolder(r: KeyLookupRequest, keyHash: string): Promise<{ eventId: string; eventTime: number }> {
    // One round trip: insert (or take over a key whose holder is older than the window) and read the holder.
    // The outer select sees the snapshot before the insert, so it reports an untouched existing row.
    const result = await db.raw<{ rows: { first_event_id: string; first_event_time: number }[] }>(
      `with ins as (
         insert into quality_seen_keys (tenant_id, entity, key_hash, first_event_id, first_event_time)
         values (?, ?, ?, ?, ?)
         on conflict (tenant_id, entity, key_hash) do update
           set first_event_id = excluded.first_event_id, first_event_time = excluded.first_event_time
           where quality_seen_keys.first_event_time < excluded.first_event_time - ?
         returning first_event_id, first_event_time)
       select first_event_id, first_event_time from ins
       union all
       select first_event_id, first_event_time from quality_seen_keys
        where tenant_id = ? and entity = ? and key_hash = ? and not exists (select 1 from ins)`,
      [r.tenantId, r.entity, keyHash, r.eventId, r.eventTime, options.duplicateWindowMs, r.tenantId, r.entity, keyHash],
    );
    const row = result.rows[0];
    return row ? { eventId: row.first_event_id, eventTime: Number(row.first_event_time) } : { eventId: r.eventId, eventTime: r.eventTime };
  }

  async function existing(r: KeyLookupRequest): Promise<Set<string>> {
    const out = new Set<string>();
    const missing = r.references.filter((ref) => {
      const k = referenceKey(ref.entity, ref.id);
      if (knownCache.has(knownKey(r.tenantId, ref.entity, ref.id))) out.add(k);
      return !out.has(k);
    });
    if (missing.length === 0) return out;
    const rows: { entity: string; record_id: string }[] = await db('quality_known_records')
      .where('tenant_id', r.tenantId)
      .whereIn(['entity', 'record_id'], missing.map((m) => [m.entity, m.id]))
      .select('entity', 'record_id');
    for (const row of rows) {
      out.add(referenceKey(row.entity, row.record_id));
      remember(knownKey(r.tenantId, row.entity, row.record_id));
    }
    return out;
  }

  // Answers worked out by `prefetch`, taken (once) by the `lookup` of the same event. Chunks of several
  // partitions are prefetched at once; an aborted chunk's leftovers are replaced when it is redelivered.
  const prefetched = new Map<string, KeyLookupAnswer>();
  const slotOf = (tenantId: string, entity: string, keyHash: string) => `${tenantId}\u0000${entity}\u0000${keyHash}`;

  /**
   * A chunk's lookups in four statements instead of up to three per record: read the holders of every key
   * and the known ids among every reference, run `lookup`'s rules over the requests in input order in memory
   * (a record sees what the records before it claimed and registered), then write the keys' final holders
   * (with `firstHolder`'s take-over condition, so a holder another partition wrote meanwhile is kept, as it
   * would be record by record) and the records' own ids.
   */
  async function prefetch(requests: readonly KeyLookupRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const hashed = requests.map((r) =>
      r.duplicateKeys.map((key) => {
        const keyHash = options.hashKey(r.tenantId, key);
        return { key, keyHash, slot: slotOf(r.tenantId, r.entity, keyHash) };
      }),
    );
    const slots = new Map<string, { tenantId: string; entity: string; keyHash: string }>();
    requests.forEach((r, i) => hashed[i]!.forEach((h) => slots.set(h.slot, { tenantId: r.tenantId, entity: r.entity, keyHash: h.keyHash })));
    const holders = new Map<string, KeyHolder>();
    if (slots.size > 0) {
      const wanted = [...slots.values()];
      const rows = await db.raw<{ rows: { tenant_id: string; entity: string; key_hash: string; first_event_id: string; first_event_time: string }[] }>(
        `select k.tenant_id, k.entity, k.key_hash, k.first_event_id, k.first_event_time
           from quality_seen_keys k
           join unnest(?::text[], ?::text[], ?::text[]) as w(tenant_id, entity, key_hash)
             on k.tenant_id = w.tenant_id and k.entity = w.entity and k.key_hash = w.key_hash`,
        [wanted.map((w) => w.tenantId), wanted.map((w) => w.entity), wanted.map((w) => w.keyHash)],
      );
      for (const row of rows.rows) holders.set(slotOf(row.tenant_id, row.entity, row.key_hash), { eventId: row.first_event_id, eventTime: Number(row.first_event_time) });
    }

    const refs = new Map<string, { tenantId: string; entity: string; id: string }>();
    for (const r of requests) {
      for (const ref of r.references) {
        const k = knownKey(r.tenantId, ref.entity, ref.id);
        if (!knownCache.has(k)) refs.set(k, { tenantId: r.tenantId, entity: ref.entity, id: ref.id });
      }
    }
    const known = new Set<string>();
    if (refs.size > 0) {
      const wanted = [...refs.values()];
      const rows = await db.raw<{ rows: { tenant_id: string; entity: string; record_id: string }[] }>(
        `select k.tenant_id, k.entity, k.record_id
           from quality_known_records k
           join unnest(?::text[], ?::text[], ?::text[]) as w(tenant_id, entity, record_id)
             on k.tenant_id = w.tenant_id and k.entity = w.entity and k.record_id = w.record_id`,
        [wanted.map((w) => w.tenantId), wanted.map((w) => w.entity), wanted.map((w) => w.id)],
      );
      for (const row of rows.rows) {
        const k = knownKey(row.tenant_id, row.entity, row.record_id);
        known.add(k);
        remember(k);
      }
    }

    const claimed = new Map<string, KeyHolder>();
    const owns = new Map<string, { tenant_id: string; entity: string; record_id: string; first_event_id: string }>();
    const answers = requests.map((r, i) => {
      const event = { eventId: r.eventId, eventTime: r.eventTime };
      const seen = new Set<string>();
      for (const h of hashed[i]!) {
        const claim = claimKey(holders.get(h.slot), event, options.duplicateWindowMs);
        holders.set(h.slot, claim.holder);
        if (claim.claimed) claimed.set(h.slot, claim.holder);
        if (claim.duplicate) seen.add(h.key);
      }
      const exists = new Set<string>();
      for (const ref of r.references) {
        const k = knownKey(r.tenantId, ref.entity, ref.id);
        if (knownCache.has(k) || known.has(k)) exists.add(referenceKey(ref.entity, ref.id));
      }
      if (r.own) {
        const k = knownKey(r.tenantId, r.own.entity, r.own.id);
        known.add(k);
        if (!owns.has(k)) owns.set(k, { tenant_id: r.tenantId, entity: r.own.entity, record_id: r.own.id, first_event_id: r.eventId });
      }
      return { seen, exists } as KeyLookupAnswer;
    });

    if (claimed.size > 0) {
      const rows = [...claimed].map(([slot, holder]) => ({ ...slots.get(slot)!, ...holder }));
      await db.raw(
        `insert into quality_seen_keys (tenant_id, entity, key_hash, first_event_id, first_event_time)
         select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
         order by 1, 2, 3
         on conflict (tenant_id, entity, key_hash) do update
           set first_event_id = excluded.first_event_id, first_event_time = excluded.first_event_time
           where quality_seen_keys.first_event_time < excluded.first_event_time - ?`,
        [rows.map((w) => w.tenantId), rows.map((w) => w.entity), rows.map((w) => w.keyHash), rows.map((w) => w.eventId), rows.map((w) => w.eventTime), options.duplicateWindowMs],
      );
    }
    if (owns.size > 0) {
      // Sorted: two partitions' chunks inserting the same ids in crossing orders could deadlock.
      const sorted = [...owns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
      await db('quality_known_records').insert(sorted).onConflict(['tenant_id', 'entity', 'record_id']).ignore();
    }
    if (prefetched.size > 50_000) prefetched.clear(); // leftovers of aborted chunks, bounded
    requests.forEach((r, i) => prefetched.set(r.eventId, answers[i]!));
  }

  return {
    async prefetch(requests) {
      try {
        await prefetch(requests);
      } catch (error) {
        throw new TransientError(`quality state lookup failed: ${(error as Error).message}`, error);
      }
    },

    async lookup(r): Promise<KeyLookupAnswer> {
      const ready = prefetched.get(r.eventId);
      if (ready) {
        prefetched.delete(r.eventId);
        return ready;
      }
      try {
        const [holders, exists] = await Promise.all([
          Promise.all(r.duplicateKeys.map(async (key) => ({ key, first: await firstHolder(r, options.hashKey(r.tenantId, key)) }))),
          existing(r),
          r.own
            ? db('quality_known_records')
                .insert({ tenant_id: r.tenantId, entity: r.own.entity, record_id: r.own.id, first_event_id: r.eventId })
                .onConflict(['tenant_id', 'entity', 'record_id'])
                .ignore()
            : Promise.resolve(),
        ]);
        const event = { eventId: r.eventId, eventTime: r.eventTime };
        const seen = new Set(holders.filter((h) => isDuplicateOf(h.first, event, options.duplicateWindowMs)).map((h) => h.key));
        return { seen, exists };
      } catch (error) {
        // Database trouble is transient for the runtime: the chunk is retried, never dead-lettered.
        throw new TransientError(`quality state lookup failed: ${(error as Error).message}`, error);
      }
    },
  };
}
