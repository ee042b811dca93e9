import { randomBytes } from 'node:crypto';
import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPiiCipher } from './createPii.js';

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
});
