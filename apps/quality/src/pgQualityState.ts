import type { Knex } from 'knex';
import { TransientError } from '@rivulet/runtime';
import { isDuplicateOf, referenceKey, type KeyLookupAnswer, type KeyLookupRequest, type QualityStateStore } from './qualityState.js';

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
      if (knownCache.has(`${r.tenantId}\u0000${k}`)) out.add(k);
      return !out.has(k);
    });
    if (missing.length === 0) return out;
    const rows: { entity: string; record_id: string }[] = await db('quality_known_records')
      .where('tenant_id', r.tenantId)
      .whereIn(['entity', 'record_id'], missing.map((m) => [m.entity, m.id]))
      .select('entity', 'record_id');
    for (const row of rows) {
      out.add(referenceKey(row.entity, row.record_id));
      remember(`${r.tenantId}\u0000${referenceKey(row.entity, row.record_id)}`);
    }
    return out;
  }

  return {
    async lookup(r): Promise<KeyLookupAnswer> {
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
