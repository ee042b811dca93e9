/**
 * Base error of @rivulet/matching. Everything here is pure computation, so nothing is retriable:
 * a bad model or record will fail the same way on every attempt (the runtime sends it to the DLQ).
 */
export class MatchingError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A serialised Fellegi-Sunter model that does not have the expected shape. */
export class InvalidModelError extends MatchingError {}

/** A record or request that cannot be matched (missing tenant or key, mixed tenants where forbidden). */
export class InvalidRecordError extends MatchingError {}
