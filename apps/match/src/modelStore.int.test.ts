import { createDb, migrateLatest } from '@rivulet/db';
import { COMPARISON_FIELDS, defaultModel } from '@rivulet/matching';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelStore } from './modelStore.js';

const schemaName = uniqueName('matchem').replaceAll('-', '_');
const db = createDb({ url: stackEnv(process.env).databaseUrl, searchPath: [schemaName, 'public'] });
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schemaName]);
  await db.destroy();
});

describe('model store on PostgreSQL', () => {
  it('uses the default until EM has enough pairs, then persists a new version that every reader picks up', async () => {
    await migrateLatest(db, { schemaName });
    const store = createModelStore(defaultModel('configured-1'));
    const tenant = uniqueName('tenant');
    expect((await store.current(db, tenant)).version).toBe('configured-1');

    // One pair in five agrees on everything (matches), the others on nothing (non-matches).
    const top = COMPARISON_FIELDS.map((f) => f.levels.length - 1);
    const low = COMPARISON_FIELDS.map(() => 0);
    await db.transaction((tx) => store.saveVectors(tx, tenant, Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? top : low))));
    expect(await store.retrain(db, { minPairs: 500, maxPairs: 1_000 })).toEqual([]);

    const trained = await store.retrain(db, { minPairs: 100, maxPairs: 150 });
    expect(trained).toEqual([{ tenant, version: 'fs-em-1', pairs: 150 }]);
    const model = await createModelStore().current(db, tenant);
    expect(model.version).toBe('fs-em-1');
    expect(model.lambda).toBeGreaterThan(0.05);
    expect(model.lambda).toBeLessThan(0.6);
    expect(Number((await db('match_pair_vectors').where({ tenant_id: tenant }).count<{ n: string }[]>('* as n'))[0]!.n)).toBe(150);
    // Nothing new since: no retraining.
    expect(await store.retrain(db, { minPairs: 100, maxPairs: 150 })).toEqual([]);
  });
});
