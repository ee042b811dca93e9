import { randomBytes } from 'node:crypto';
import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPiiCipher } from './createPii.js';
import { createPgKeyStore } from './pgKeyStore.js';

const schema = uniqueName('pii').replaceAll('-', '_');
const db = createDb({ url: stackEnv(process.env).databaseUrl, searchPath: [schema, 'public'] });
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schema]);
  await db.destroy();
});

describe('PostgreSQL key store', () => {
  it('stores only wrapped keys, and forget makes old ciphertext unreadable for a fresh process', async () => {
    await migrateLatest(db, { schemaName: schema });
    const masterKeyBase64 = randomBytes(32).toString('base64');
    const edge = createPgPiiCipher({ masterKeyBase64, db });
    const value = await edge.encrypt('t1', 'crm.customer:C9', 'ada@example.com');
    const [row] = await db('pii_subject_keys').where({ tenant_id: 't1', subject_id: 'crm.customer:C9' });
    expect(row.wrapped_key).toBeInstanceOf(Buffer);
    expect(row.wrapped_key.length).toBe(60); // iv 12 + tag 16 + key 32: wrapped, never the bare key

    expect(await createPgPiiCipher({ masterKeyBase64, db }).decrypt('t1', value)).toEqual({ value: 'ada@example.com' });
    expect(await edge.forget('t1', 'crm.customer:C9')).toBe(true);
    expect(await createPgPiiCipher({ masterKeyBase64, db }).decrypt('t1', value)).toEqual({ erased: true });
    const [after] = await db('pii_subject_keys').where({ tenant_id: 't1', subject_id: 'crm.customer:C9' });
    expect(after.wrapped_key).toBeNull();
    expect(after.destroyed_at).not.toBeNull();
  });

  it('getOrCreateMany creates the new subjects, keeps existing keys, and answers null for an erased one', async () => {
    await migrateLatest(db, { schemaName: schema });
    const store = createPgKeyStore(db);
    let created = 0;
    const create = async () => (created++, { wrapped: randomBytes(60), keyId: 'k1' });
    const existing = await store.getOrCreate('t2', 'S-old', create);
    await store.destroy('t2', 'S-erased');
    const subjects = ['S-old', 'S-erased', ...Array.from({ length: 1_200 }, (_, i) => `S-${i}`)];
    const keys = await store.getOrCreateMany('t2', [...subjects, 'S-1'], create);
    expect(keys.size).toBe(subjects.length);
    expect(keys.get('S-old')).toEqual(existing);
    expect(keys.get('S-erased')).toBeNull();
    expect(created).toBe(1 + 1_200);
    // What the batch returned is what is stored (a second edge reads the same keys).
    expect(await store.get('t2', 'S-1199')).toEqual(keys.get('S-1199'));
    const again = await store.getOrCreateMany('t2', subjects, create);
    expect(created).toBe(1 + 1_200);
    expect(again.get('S-7')).toEqual(keys.get('S-7'));
  });

  it('stateMany tells live, destroyed and unknown subjects apart in one call', async () => {
    await migrateLatest(db, { schemaName: schema });
    const store = createPgKeyStore(db);
    const create = async () => ({ wrapped: randomBytes(60), keyId: 'k1' });
    const live = await store.getOrCreateMany('t3', Array.from({ length: 1_100 }, (_, i) => `S-${i}`), create);
    await store.destroy('t3', 'S-5');
    const states = await store.stateMany('t3', ['S-0', 'S-5', 'S-1099', 'S-unknown', 'S-0']);
    expect(states.size).toBe(4);
    expect(states.get('S-0')).toEqual({ state: 'live', key: live.get('S-0') });
    expect(states.get('S-1099')).toEqual({ state: 'live', key: live.get('S-1099') });
    expect(states.get('S-5')).toEqual({ state: 'destroyed' });
    expect(states.get('S-unknown')).toEqual({ state: 'unknown' });
    expect(await store.state('t3', 'S-5')).toEqual({ state: 'destroyed' });
  });
});
