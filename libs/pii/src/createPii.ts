import type { Knex } from 'knex';
import { parseMasterKey, createLocalKeyWrapper } from './keyWrapper.js';
import { createPgKeyStore } from './pgKeyStore.js';
import { createPiiCipher, deriveHashSecret, type PiiCipher } from './piiCipher.js';

/**
 * The usual wiring: master key (base64) from the app's config, keys in PostgreSQL (`keysSchema`: the schema of
 * pii_subject_keys when the connection's search_path starts elsewhere).
 */
export function createPgPiiCipher(options: { masterKeyBase64: string | undefined; db: Knex; cacheTtlMs?: number; keysSchema?: string }): PiiCipher {
  const masterKey = parseMasterKey(options.masterKeyBase64);
  return createPiiCipher({
    keys: createPgKeyStore(options.db, options.keysSchema ? { schema: options.keysSchema } : {}),
    wrapper: createLocalKeyWrapper(masterKey),
    hashSecret: deriveHashSecret(masterKey),
    ...(options.cacheTtlMs !== undefined ? { cacheTtlMs: options.cacheTtlMs } : {}),
  });
}
