import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CiphertextError, KeyStoreUnavailableError, PiiError, UnknownSubjectKeyError } from './errors.js';
import type { KeyWrapper } from './keyWrapper.js';
import type { StoredKey, SubjectKeyStore } from './keyStore.js';

/** Prefix of every encrypted field value; the version lets the format change without ambiguity. */
export const PII_PREFIX = 'pii:v1:';

export type Revealed = { value: string } | { erased: true };

export interface PiiCipher {
  /** Encrypts with the subject's data key (created on first use): `pii:v1:<subject b64url>:<iv|tag|ct b64>`. */
  encrypt(tenantId: string, subjectId: string, plaintext: string): Promise<string>;
  /**
   * Loads (creating where new) the data keys of many subjects in one batch, so that the `encrypt` calls that
   * follow need no key-store round trip each. Optional: `encrypt` alone gives the same result, slower.
   */
  prepare(tenantId: string, subjectIds: readonly string[]): Promise<void>;
  /**
   * The reading side's `prepare`: loads the keys of many subjects in one batch (creating none), so that the
   * `decrypt` calls of a processor's chunk that follow need no key-store round trip each. Optional, like
   * `prepare`; a subject the store does not know is left to `decrypt` to report.
   */
  warm(tenantId: string, subjectIds: readonly string[]): Promise<void>;
  /**
   * Clear text, or `{ erased: true }` when the subject's key was destroyed. Plain values pass through.
   * Throws UnknownSubjectKeyError when the store never had the subject (not the same as erased).
   */
  decrypt(tenantId: string, value: string): Promise<Revealed>;
  /** Crypto-shredding: destroys the subject's key here and in the store. */
  forget(tenantId: string, subjectId: string): Promise<boolean>;
  /** HMAC-SHA256 (hex) for columns that need equality only (lookups by email without storing it). */
  keyedHash(tenantId: string, value: string): string;
}

export interface PiiCipherOptions {
  keys: SubjectKeyStore;
  wrapper: KeyWrapper;
  /** Secret for keyed hashes; derive it from the master key (HKDF) so there is one secret to manage. */
  hashSecret: Buffer;
  /**
   * How long a data key stays cached in this process. Another process's `forget` takes effect here after
   * at most this long; `forget` in this process takes effect at once.
   */
  cacheTtlMs?: number;
  now?: () => number;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PII_PREFIX);
}

/** Derives the keyed-hash secret from the master key (HKDF-SHA256, distinct info string). */
export function deriveHashSecret(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'rivulet keyed hash v1', 32));
}

export function createPiiCipher(options: PiiCipherOptions): PiiCipher {
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { key: Buffer | null; at: number }>();
  const cacheKey = (tenantId: string, subjectId: string) => `${tenantId}\u0000${subjectId}`;
  const newKey = async () => ({ wrapped: await options.wrapper.wrap(randomBytes(32)), keyId: options.wrapper.keyId });
  const remember = (k: string, key: Buffer | null) => {
    if (cache.size > 50_000) cache.clear(); // bounded: a cold cache costs one lookup per subject
    cache.set(k, { key, at: now() });
  };
  /** The cached entry while it is younger than the TTL (a forgotten subject's never ages). */
  const fresh = (k: string) => {
    const hit = cache.get(k);
    return hit && now() - hit.at < ttl ? hit : undefined;
  };
  // Concurrent calls for one subject (a record's several personal fields) share one key-store lookup.
  const pending = new Map<string, Promise<Buffer | null>>();

  async function dataKey(tenantId: string, subjectId: string, create: boolean): Promise<Buffer | null> {
    const k = cacheKey(tenantId, subjectId);
    const hit = fresh(k);
    if (hit) return hit.key;
    const lookupKey = `${create}\u0000${k}`;
    const inFlight = pending.get(lookupKey);
    if (inFlight) return inFlight;
    const lookup = loadKey(tenantId, subjectId, create).finally(() => pending.delete(lookupKey));
    pending.set(lookupKey, lookup);
    return lookup;
  }

  /** A key-store call: a failure of the store (not the cipher's own errors) is KeyStoreUnavailableError, retriable. */
  async function fromStore<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PiiError) throw error;
      throw new KeyStoreUnavailableError(`key store unavailable: ${(error as Error).message}`, error);
    }
  }

  /** Unwraps a stored key (null: destroyed) and caches it. */
  async function rememberStored(tenantId: string, subjectId: string, stored: StoredKey | null): Promise<Buffer | null> {
    const key = stored ? await options.wrapper.unwrap(stored.wrapped) : null;
    remember(cacheKey(tenantId, subjectId), key);
    return key;
  }

  /** The subjects of `subjectIds` (each once) without a fresh cached key. */
  const coldSubjects = (tenantId: string, subjectIds: readonly string[]) => [...new Set(subjectIds)].filter((s) => !fresh(cacheKey(tenantId, s)));

  async function loadKey(tenantId: string, subjectId: string, create: boolean): Promise<Buffer | null> {
    const stored = await fromStore(async () => {
      if (create) return options.keys.getOrCreate(tenantId, subjectId, newKey);
      const found = await options.keys.state(tenantId, subjectId);
      // Not cached: the subject may get its key (or this process the right store) later.
      if (found.state === 'unknown') throw new UnknownSubjectKeyError(`no key for subject ${subjectId} of tenant ${tenantId} in this key store (never created here, never destroyed)`);
      return found.state === 'live' ? found.key : null;
    });
    return rememberStored(tenantId, subjectId, stored);
  }

  const aad = (tenantId: string, subjectId: string) => Buffer.from(`${tenantId}\u0000${subjectId}`, 'utf8');

  return {
    async prepare(tenantId, subjectIds) {
      const cold = coldSubjects(tenantId, subjectIds);
      if (cold.length === 0) return;
      const stored = await fromStore(() => options.keys.getOrCreateMany(tenantId, cold, newKey));
      for (const [subjectId, key] of stored) await rememberStored(tenantId, subjectId, key);
    },

    async warm(tenantId, subjectIds) {
      const cold = coldSubjects(tenantId, subjectIds);
      if (cold.length === 0) return;
      const states = await fromStore(() => options.keys.stateMany(tenantId, cold));
      for (const [subjectId, found] of states) {
        if (found.state === 'unknown') continue; // not cached, as in decrypt: the key may be created later
        await rememberStored(tenantId, subjectId, found.state === 'live' ? found.key : null);
      }
    },

    async encrypt(tenantId, subjectId, plaintext) {
      const key = await dataKey(tenantId, subjectId, true);
      if (!key) throw new PiiError(`subject ${subjectId} was erased; refusing to store new personal data under it`);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(tenantId, subjectId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${PII_PREFIX}${Buffer.from(subjectId, 'utf8').toString('base64url')}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },

    async decrypt(tenantId, value) {
      if (!isEncrypted(value)) return { value };
      const rest = value.slice(PII_PREFIX.length);
      const colon = rest.indexOf(':');
      if (colon <= 0) throw new CiphertextError('malformed encrypted value');
      const subjectId = Buffer.from(rest.slice(0, colon), 'base64url').toString('utf8');
      const blob = Buffer.from(rest.slice(colon + 1), 'base64');
      const key = await dataKey(tenantId, subjectId, false);
      if (!key) return { erased: true };
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
        decipher.setAAD(aad(tenantId, subjectId));
        decipher.setAuthTag(blob.subarray(12, 28));
        return { value: Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8') };
      } catch (error) {
        throw new CiphertextError('encrypted value does not authenticate (wrong tenant, subject or tampered)', { cause: error });
      }
    },

    async forget(tenantId, subjectId) {
      cache.set(cacheKey(tenantId, subjectId), { key: null, at: Number.POSITIVE_INFINITY });
      return options.keys.destroy(tenantId, subjectId);
    },

    keyedHash(tenantId, value) {
      return createHmac('sha256', options.hashSecret).update(`${tenantId}\u0000${value}`, 'utf8').digest('hex');
    },
  };
}
