import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from './keyStore.js';
import { createLocalKeyWrapper } from './keyWrapper.js';
import { createPiiCipher, deriveHashSecret } from './piiCipher.js';
import { ERASED_MARKER, revealPersonalValues, subjectOfCiphertext, WITHHELD_MARKER } from './revealPersonalValues.js';

const master = randomBytes(32);
const keys = createMemoryKeyStore();
const cipher = createPiiCipher({ keys, wrapper: createLocalKeyWrapper(master), hashSecret: deriveHashSecret(master) });

describe('revealPersonalValues', () => {
  it('given an answer with ciphertext anywhere, when revealed for a reader, then live subjects are clear and forgotten ones say [erased]', async () => {
    const ada = await cipher.encrypt('t1', 'crm.customer:C1', 'ada@example.com');
    const grace = await cipher.encrypt('t1', 'billing.invoice:I9', 'Grace Hopper');
    const when = new Date('2026-11-20T10:00:00Z');
    const answer = {
      items: [{ entity_id: 'e1', golden: { email: ada, full_name: grace, region: 'NORTH' }, at: when, score: 0.5 }],
      history: [{ field: 'email', before: ada, after: null }],
    };
    await cipher.forget('t1', 'crm.customer:C1');

    const shown = await revealPersonalValues(answer, 't1', { cipher, mayRead: true });

    expect(shown.items[0]!.golden).toEqual({ email: ERASED_MARKER, full_name: 'Grace Hopper', region: 'NORTH' });
    expect(shown.history[0]).toEqual({ field: 'email', before: ERASED_MARKER, after: null });
    expect(shown.items[0]!.at).toBe(when); // non-plain objects are kept as they are
    expect(JSON.stringify(shown)).not.toContain('pii:v1:');
    expect(answer.items[0]!.golden.full_name).toBe(grace); // the input is not changed
  });

  it('given a caller who may not read personal data, then live values are withheld and erased ones still say so', async () => {
    const live = await cipher.encrypt('t1', 'crm.customer:C2', '+44 20 7946 0002');
    const gone = await cipher.encrypt('t1', 'crm.customer:C3', 'gone@example.com');
    await cipher.forget('t1', 'crm.customer:C3');
    expect(await revealPersonalValues([live, gone, 'plain'], 't1', { cipher, mayRead: false })).toEqual([WITHHELD_MARKER, ERASED_MARKER, 'plain']);
  });

  it('without a cipher (no master key), erasure is still shown from the key store alone', async () => {
    const gone = await cipher.encrypt('t1', 'crm.customer:C4', 'x@example.com');
    const live = await cipher.encrypt('t1', 'crm.customer:C5', 'y@example.com');
    await cipher.forget('t1', 'crm.customer:C4');
    expect(subjectOfCiphertext(gone)).toBe('crm.customer:C4');
    const isErased = async (tenant: string, subject: string) => (await keys.get(tenant, subject)) === null;
    expect(await revealPersonalValues({ a: gone, b: live }, 't1', { mayRead: true, isErased })).toEqual({ a: ERASED_MARKER, b: WITHHELD_MARKER });
  });

  it('a value that does not authenticate is withheld, never passed on as ciphertext', async () => {
    const other = await cipher.encrypt('t2', 'crm.customer:C6', 'z@example.com');
    const tampered = `${other.slice(0, -4)}AAAA`;
    expect(await revealPersonalValues({ v: tampered }, 't2', { cipher, mayRead: true })).toEqual({ v: WITHHELD_MARKER });
  });
});
