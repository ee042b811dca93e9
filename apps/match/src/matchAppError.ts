/** Base error of the match app. `retriable` decides between "retry the batch" and "dead-letter the record". */
export class MatchAppError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A canonical party record matching cannot use (no tenant, no key): dead-lettered, the stream goes on. */
export class InvalidPartyRecordError extends MatchAppError {}

/**
 * Poison = the record itself is at fault and will fail the same way again. Errors that say so
 * (`retriable: false` from our libraries, or a TypeError/RangeError bug) are dead-lettered; anything
 * without that mark (PostgreSQL, network) retries the whole batch. This is stricter than the runtime's
 * default, because dead-lettering a record that was fine would silently lose a match.
 */
export function isPoison(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === false;
}
