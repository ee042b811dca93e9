/** Base error of the personal-data library. */
export class PiiError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** The master key is missing or malformed: a configuration error, fail at start. */
export class MasterKeyError extends PiiError {}

/** Ciphertext that is not ours or was tampered with (GCM tag mismatch). Never retried. */
export class CiphertextError extends PiiError {}

/** The key store (PostgreSQL) could not be reached: retriable, the record is delivered again. */
export class KeyStoreUnavailableError extends PiiError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/**
 * Ciphertext whose subject this key store has never seen (neither live nor destroyed): it was written
 * against another key store, or the store is misconfigured. Never shown as "erased" — that would silently
 * turn personal data into nulls downstream; the record is poison (dead-lettered, kept for a replay).
 */
export class UnknownSubjectKeyError extends PiiError {}
