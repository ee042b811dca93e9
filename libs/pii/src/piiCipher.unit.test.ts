import { randomBytes } from 'node:crypto';
import { loadSchemas } from '@rivulet/contracts';
import { describe, expect, it } from 'vitest';
import { CiphertextError, UnknownSubjectKeyError } from './errors.js';
import { createMemoryKeyStore } from './keyStore.js';
import { createLocalKeyWrapper, parseMasterKey } from './keyWrapper.js';
import { createPiiCipher, deriveHashSecret, isEncrypted } from './piiCipher.js';
import { protectRecord, revealRecord } from './protectRecord.js';

const master = randomBytes(32);
const cipherWith = (keys = createMemoryKeyStore()) =>
  createPiiCipher({ keys, wrapper: createLocalKeyWrapper(master), hashSecret: deriveHashSecret(master) });

describe('piiCipher', () => {
  it('round-trips a value and never shows the clear text in the ciphertext', async () => {
    const cipher = cipherWith();
    const encrypted = await cipher.encrypt('t1', 'crm.customer:C1', 'ada@example.com');
    expect(isEncrypted(encrypted)).toBe(true);
    expect(encrypted).not.toContain('ada');
    expect(await cipher.decrypt('t1', encrypted)).toEqual({ value: 'ada@example.com' });
  });

  it('after forget, every copy of the subject reads as erased, other subjects are untouched', async () => {
    const cipher = cipherWith();
    const a = await cipher.encrypt('t1', 'S-A', 'Ada Lovelace');
    const b = await cipher.encrypt('t1', 'S-B', 'Grace Hopper');
    expect(await cipher.forget('t1', 'S-A')).toBe(true);
    expect(await cipher.decrypt('t1', a)).toEqual({ erased: true });
    expect(await cipher.decrypt('t1', b)).toEqual({ value: 'Grace Hopper' });
    await expect(cipher.encrypt('t1', 'S-A', 'again')).rejects.toThrow(/erased/);
  });

  it('a subject this key store never had is an error, not an erasure (no silent nulls downstream)', async () => {
    const value = await cipherWith().encrypt('t1', 'crm.customer:C7', 'ada@example.com');
    const elsewhere = cipherWith();
    await expect(elsewhere.decrypt('t1', value)).rejects.toThrow(UnknownSubjectKeyError);
    await expect(elsewhere.decrypt('t1', value)).rejects.toMatchObject({ retriable: false });
  });

  it('erasure reaches another process once its key cache expires', async () => {
    const keys = createMemoryKeyStore();
    let clock = 0;
    const edge = createPiiCipher({ keys, wrapper: createLocalKeyWrapper(master), hashSecret: deriveHashSecret(master), now: () => clock, cacheTtlMs: 1_000 });
    const reader = createPiiCipher({ keys, wrapper: createLocalKeyWrapper(master), hashSecret: deriveHashSecret(master), now: () => clock, cacheTtlMs: 1_000 });
    const value = await edge.encrypt('t1', 'S', 'secret');
    expect(await reader.decrypt('t1', value)).toEqual({ value: 'secret' });
    await edge.forget('t1', 'S');
    clock = 1_001;
    expect(await reader.decrypt('t1', value)).toEqual({ erased: true });
  });

  it('prepare loads a batch of subjects in one key-store call; the encryptions after it need none', async () => {
    const store = createMemoryKeyStore();
    const calls = { one: 0, many: 0 };
    const keys = {
      ...store,
      getOrCreate: (...a: Parameters<typeof store.getOrCreate>) => (calls.one++, store.getOrCreate(...a)),
      getOrCreateMany: (...a: Parameters<typeof store.getOrCreateMany>) => (calls.many++, store.getOrCreateMany(...a)),
    };
    const cipher = cipherWith(keys);
    await store.destroy('t1', 'S-gone');
    await cipher.prepare('t1', ['S-1', 'S-2', 'S-1', 'S-gone']);
    const values = await Promise.all(['S-1', 'S-2', 'S-1'].map((s) => cipher.encrypt('t1', s, `name of ${s}`)));
    expect(calls).toEqual({ one: 0, many: 1 });
    expect(await Promise.all(values.map((v) => cipherWith(keys).decrypt('t1', v)))).toEqual([{ value: 'name of S-1' }, { value: 'name of S-2' }, { value: 'name of S-1' }]);
    await expect(cipher.encrypt('t1', 'S-gone', 'x')).rejects.toThrow(/erased/);
    await cipher.prepare('t1', ['S-1', 'S-2']);
    expect(calls.many).toBe(1); // all warm: no second call
  });

  it('warm loads a chunk\'s subjects in one key-store call; the decryptions after it need none, and it creates nothing', async () => {
    const store = createMemoryKeyStore();
    const edge = cipherWith(store);
    const values = await Promise.all(['S-1', 'S-2', 'S-gone'].map((s) => edge.encrypt('t1', s, `name of ${s}`)));
    await edge.forget('t1', 'S-gone');
    const calls = { one: 0, many: 0 };
    const keys = {
      ...store,
      state: (...a: Parameters<typeof store.state>) => (calls.one++, store.state(...a)),
      stateMany: (...a: Parameters<typeof store.stateMany>) => (calls.many++, store.stateMany(...a)),
    };
    const processor = cipherWith(keys);
    await processor.warm('t1', ['S-1', 'S-2', 'S-gone', 'S-never']);
    expect(await Promise.all(values.map((v) => processor.decrypt('t1', v)))).toEqual([{ value: 'name of S-1' }, { value: 'name of S-2' }, { erased: true }]);
    expect(calls).toEqual({ one: 0, many: 1 });
    expect((await store.stateMany('t1', ['S-never'])).get('S-never')).toEqual({ state: 'unknown' }); // not created
    await processor.warm('t1', ['S-1', 'S-2', 'S-gone']);
    expect(calls.many).toBe(1); // all warm: no second call
  });

  it('concurrent encryptions of one new subject share one key (one lookup, not one per field)', async () => {
    const store = createMemoryKeyStore();
    let lookups = 0;
    const cipher = cipherWith({ ...store, getOrCreate: (...a: Parameters<typeof store.getOrCreate>) => (lookups++, store.getOrCreate(...a)) });
    const values = await Promise.all(['name', 'email', 'phone'].map((f) => cipher.encrypt('t1', 'S-new', f)));
    expect(lookups).toBe(1);
    expect(await Promise.all(values.map((v) => cipher.decrypt('t1', v)))).toEqual([{ value: 'name' }, { value: 'email' }, { value: 'phone' }]);
  });

  it('rejects a value moved to another tenant (the tenant is authenticated data)', async () => {
    const cipher = cipherWith();
    const value = await cipher.encrypt('t1', 'S', 'secret');
    await cipher.encrypt('t2', 'S', 'other'); // t2 has its own key for the same subject id
    await expect(cipher.decrypt('t2', value)).rejects.toBeInstanceOf(CiphertextError);
  });

  it('keyed hashes are equal for equal values and differ per tenant', () => {
    const cipher = cipherWith();
    expect(cipher.keyedHash('t1', 'a@x.org')).toBe(cipher.keyedHash('t1', 'a@x.org'));
    expect(cipher.keyedHash('t1', 'a@x.org')).not.toBe(cipher.keyedHash('t2', 'a@x.org'));
  });

  it('names a malformed master key without printing it', () => {
    expect(() => parseMasterKey(undefined)).toThrow(/RIVULET_MASTER_KEY is not set/);
    expect(() => parseMasterKey(Buffer.alloc(5).toString('base64'))).toThrow(/32 bytes, got 5/);
  });
});

describe('protectRecord / revealRecord', () => {
  const customer = loadSchemas().get('CrmCustomerRecordReceived')!;

  it('encrypts exactly the fields the schema marks pii and reveals them back', async () => {
    const cipher = cipherWith();
    const record = { customer_id: 'C1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', city: 'London', middle_name: null };
    const protectedRecord = await protectRecord(customer, record, { tenantId: 't1', subjectId: 'crm.customer:C1' }, cipher);
    expect(isEncrypted(protectedRecord.first_name)).toBe(true);
    expect(isEncrypted(protectedRecord.email)).toBe(true);
    expect(protectedRecord.city).toBe('London');
    expect(protectedRecord.customer_id).toBe('C1');
    expect(protectedRecord.middle_name).toBeNull();
    const { record: clear, erased } = await revealRecord(customer, protectedRecord, 't1', cipher);
    expect(clear).toEqual(record);
    expect(erased).toEqual([]);
  });

  it('a forgotten subject\'s record can be processed again: revealed personal fields are null, an empty fallback stays clear', async () => {
    const cipher = cipherWith();
    const account = loadSchemas().get('CanonicalAccountRecorded')!;
    const stored = await protectRecord(customer, { customer_id: 'C2', first_name: 'Ada', last_name: 'Lovelace' }, { tenantId: 't1', subjectId: 'crm.customer:C2' }, cipher);
    await cipher.forget('t1', 'crm.customer:C2');
    const { record: clear, erased } = await revealRecord(customer, stored, 't1', cipher);
    expect(clear).toMatchObject({ customer_id: 'C2', first_name: null, last_name: null });
    expect(erased).toEqual(['first_name', 'last_name']);
    // e.g. a required company_name that mapping falls back to "" once the name is gone
    const derived = await protectRecord(account, { account_id: 'A2', company_name: '' }, { tenantId: 't1', subjectId: 'crm.customer:C2' }, cipher);
    expect(derived.company_name).toBe('');
    await expect(protectRecord(account, { account_id: 'A2', company_name: 'Ada Lovelace' }, { tenantId: 't1', subjectId: 'crm.customer:C2' }, cipher)).rejects.toThrow(/erased/);
  });
});
