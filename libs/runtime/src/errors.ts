/**
 * Errors of the processor runtime. `retriable` decides what happens to the record:
 * retriable errors are retried with backoff and, if they persist, the batch is aborted and redelivered
 * (never dead-lettered); non-retriable ones send the record to the dead-letter topic.
 */
export class RuntimeError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable;
  }
}

/** The record itself is bad (undecodable, invalid, unmappable): it goes to the DLQ, the stream goes on. */
export class PoisonRecordError extends RuntimeError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: false, cause });
  }
}

/** A dependency (broker, registry, database) failed; the same record may succeed later. */
export class TransientError extends RuntimeError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/** The runtime gave up retrying a transient failure; the batch is aborted and redelivered. */
export class RetriesExhaustedError extends RuntimeError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/**
 * Whether an error is worth retrying. Errors from our libraries and kafkajs carry `retriable`;
 * `TypeError`/`RangeError` are bugs and never retried; anything else unknown is treated as not retriable
 * so that a handler bug cannot stall a partition forever.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return false;
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return (error as { retriable: unknown }).retriable === true;
  }
  return false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
