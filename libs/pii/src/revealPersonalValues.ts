import { isEncrypted, PII_PREFIX, type PiiCipher } from './piiCipher.js';

/** What an API answer shows for a personal field whose subject was forgotten (its data key destroyed). */
export const ERASED_MARKER = '[erased]';
/** What it shows to a caller not allowed to read personal data (or when no master key is configured). */
export const WITHHELD_MARKER = '[withheld]';

/** The subject an encrypted value belongs to (`pii:v1:<subject b64url>:...`), or null for anything else. */
export function subjectOfCiphertext(value: string): string | null {
  if (!isEncrypted(value)) return null;
  const rest = value.slice(PII_PREFIX.length);
  const colon = rest.indexOf(':');
  return colon > 0 ? Buffer.from(rest.slice(0, colon), 'base64url').toString('utf8') : null;
}

export interface RevealOptions {
  /** Decrypts a value (clear text or erased). */
  cipher?: PiiCipher;
  /** Whether the caller may see clear personal values; if not, live values are withheld, erased ones still say so. */
  mayRead: boolean;
  /** Whether the subject's key was destroyed (used when there is no cipher, i.e. no master key). */
  isErased?: (tenantId: string, subjectId: string) => Promise<boolean>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * A copy of any JSON-like value (an API answer: rows, jsonb documents, history) where every encrypted
 * personal field (`pii:v1:...`, wherever it sits) is replaced by its clear text, by `[erased]` when its
 * subject was forgotten, or by `[withheld]` when the caller may not read it. Ciphertext never leaves: a
 * value that does not authenticate is withheld too. Each distinct value is decrypted once; clear values
 * exist in memory only for the answer being built.
 */
export async function revealPersonalValues<T>(value: T, tenantId: string, options: RevealOptions): Promise<T> {
  const found = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (isEncrypted(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (isPlainObject(v)) Object.values(v).forEach(collect);
  };
  collect(value);
  if (found.size === 0) return value;

  const replacement = new Map<string, string>();
  for (const encrypted of found) replacement.set(encrypted, await resolve(encrypted, tenantId, options));
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return replacement.get(v) ?? v;
    if (Array.isArray(v)) return v.map(rebuild);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
    return v;
  };
  return rebuild(value) as T;
}

async function resolve(encrypted: string, tenantId: string, options: RevealOptions): Promise<string> {
  if (options.cipher) {
    const revealed = await options.cipher.decrypt(tenantId, encrypted).catch((error: unknown) => {
      // A key store outage must fail the request (retriable), not show data as withheld.
      if ((error as { retriable?: boolean }).retriable) throw error;
      return null;
    });
    if (revealed === null) return WITHHELD_MARKER;
    if ('erased' in revealed) return ERASED_MARKER;
    return options.mayRead ? revealed.value : WITHHELD_MARKER;
  }
  const subject = subjectOfCiphertext(encrypted);
  if (subject && options.isErased && (await options.isErased(tenantId, subject))) return ERASED_MARKER;
  return WITHHELD_MARKER;
}
