/** Base error of @rivulet/projections. `retriable` tells the projector whether trying the batch again can help. */
export class ProjectionError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A topic the projection was not told how to project (a wiring bug, never retried). */
export class UnknownTopicError extends ProjectionError {
  constructor(topic: string) {
    super(`no read model projects topic "${topic}"`);
  }
}

/** A retention policy that does not parse (a configuration error: fail at start, naming the entry). */
export class InvalidRetentionPolicyError extends ProjectionError {}
