import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgQualityState } from './pgQualityState.js';
import { createMemoryQualityState, type KeyLookupAnswer, type KeyLookupRequest, type QualityStateStore } from './qualityState.js';

const schema = uniqueName('qstate').replaceAll('-', '_');
const db = createDb({ url: stackEnv(process.env).databaseUrl, searchPath: [schema, 'public'] });
beforeAll(async () => migrateLatest(db, { schemaName: schema }));
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schema]);
  await db.destroy();
});

const WINDOW = 1_000;
const request = (eventId: string, eventTime: number, keys: string[], refs: string[], own: string | null): KeyLookupRequest => ({
  tenantId: 't1',
  entity: 'party',
  eventId,
  eventTime,
  duplicateKeys: keys,
  references: refs.map((id) => ({ entity: 'customer', id })),
  own: own ? { entity: 'customer', id: own } : null,
});

// Two chunks: a duplicate within the chunk, a reference to a record registered earlier in the chunk, a key
// taken over after the window, a self-reference, a duplicate across chunks, and a redelivered event.
const chunks: KeyLookupRequest[][] = [
  [
    request('e1', 10_000, ['k1'], [], 'C1'),
    request('e2', 10_500, ['k1'], ['C1'], 'C2'),
    request('e3', 12_000, ['k1', 'k2'], ['C9'], 'C3'),
    request('e4', 12_200, ['k1'], ['C4'], 'C4'),
  ],
  [request('e5', 12_300, ['k2'], ['C3'], 'C5'), request('e2', 10_500, ['k1'], ['C1'], 'C2')],
];

const plain = (a: KeyLookupAnswer) => ({ seen: [...a.seen].sort(), exists: [...a.exists].sort() });

async function answers(store: QualityStateStore, batches: KeyLookupRequest[][], prefetch: boolean) {
  const out = [];
  for (const batch of batches) {
    if (prefetch) await store.prefetch!(batch);
    for (const r of batch) out.push({ event: r.eventId, ...plain(await store.lookup(r)) });
  }
  return out;
}

describe('PostgreSQL quality state', () => {
  it("a chunk's prefetched answers equal record-by-record lookups in input order, and a redelivered chunk gets the same answers", async () => {
    const expected = await answers(createMemoryQualityState({ duplicateWindowMs: WINDOW }), [...chunks, chunks[0]!], false);
    const pg = createPgQualityState(db, { hashKey: (tenant, key) => `h:${tenant}:${key}`, duplicateWindowMs: WINDOW });
    const got = await answers(pg, [...chunks, chunks[0]!], true);
    expect(got).toEqual(expected);
    // What the scenario is about, spelled out.
    expect(got.slice(0, 6)).toEqual([
      { event: 'e1', seen: [], exists: [] },
      { event: 'e2', seen: ['k1'], exists: ['customer\u0000C1'] },
      { event: 'e3', seen: [], exists: [] },
      { event: 'e4', seen: ['k1'], exists: [] },
      { event: 'e5', seen: ['k2'], exists: ['customer\u0000C3'] },
      { event: 'e2', seen: [], exists: ['customer\u0000C1'] },
    ]);
    // Stored as the record-by-record path stores it: the holder after the take-over, every own id.
    const holders = await db('quality_seen_keys').where({ tenant_id: 't1', entity: 'party' }).orderBy('key_hash').select('key_hash', 'first_event_id');
    expect(holders).toEqual([
      { key_hash: 'h:t1:k1', first_event_id: 'e3' },
      { key_hash: 'h:t1:k2', first_event_id: 'e3' },
    ]);
    expect((await db('quality_known_records').where({ tenant_id: 't1' }).orderBy('record_id').pluck('record_id'))).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    // A process without the prefetch (or after it restarted) answers the same from those rows.
    const fresh = createPgQualityState(db, { hashKey: (tenant, key) => `h:${tenant}:${key}`, duplicateWindowMs: WINDOW });
    expect(plain(await fresh.lookup(chunks[1]![0]!))).toEqual({ seen: ['k2'], exists: ['customer\u0000C3'] });
  });
});
