import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CiphertextError, MasterKeyError } from './errors.js';

/**
 * Wraps (encrypts) data keys with a key-encryption key. The local implementation holds a master key from
 * the environment or a key file; a KMS (AWS KMS, Vault transit, GCP KMS) plugs in behind this interface,
 * so the master key never has to leave it.
 */
export interface KeyWrapper {
  /** Identifies the wrapping key, stored beside each wrapped key so master keys can be rotated. */
  readonly keyId: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** Parses a base64 32-byte master key; the message names the problem, never the key. */
export function parseMasterKey(base64: string | undefined, source = 'RIVULET_MASTER_KEY'): Buffer {
  if (!base64) throw new MasterKeyError(`${source} is not set: give a base64-encoded 32-byte key (openssl rand -base64 32)`);
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new MasterKeyError(`${source} must decode to 32 bytes, got ${key.length}`);
  return key;
}

/** AES-256-GCM key wrapping with a local master key: `iv(12) | tag(16) | ciphertext(32)`. */
export function createLocalKeyWrapper(masterKey: Buffer, keyId = 'local-v1'): KeyWrapper {
  if (masterKey.length !== 32) throw new MasterKeyError('master key must be 32 bytes');
  return {
    keyId,
    async wrap(dataKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async unwrap(wrapped) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, 12));
        decipher.setAAD(Buffer.from(keyId));
        decipher.setAuthTag(wrapped.subarray(12, 28));
        return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
      } catch (error) {
        throw new CiphertextError('cannot unwrap data key: wrong master key or corrupted key record', { cause: error });
      }
    },
  };
}
