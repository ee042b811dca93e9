/** Base error of the outbox library. */
export class OutboxError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** Publishing failed (broker down, not enough replicas): the rows stay and are published again. */
export class RelayPublishError extends OutboxError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}
