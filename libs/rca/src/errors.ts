/** Base error of @rivulet/rca. Everything here is pure computation, so nothing is retriable. */
export class RcaError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** An input the analysis cannot use (bad window size, too few points, unknown column): a poison record, never retried. */
export class InvalidRcaInputError extends RcaError {}
