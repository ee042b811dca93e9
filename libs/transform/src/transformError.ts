/**
 * Errors of the transform library. None is retriable: a mapping that cannot be loaded or applied fails the
 * same way on every redelivery, so the runtime dead-letters the record (or the app refuses to start).
 */
export class TransformError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A mapping file is malformed: bad JSON, fails the zod schema, names an unknown rule or bad rule parameters. */
export class MappingDefinitionError extends TransformError {}

/** A mapping could not be applied to one record: a required target is missing or invalid, a raw field is of the wrong type. */
export class MappingApplicationError extends TransformError {
  constructor(
    message: string,
    readonly mappingVersion: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** No mapping is registered for the source and entity of a record. */
export class MappingNotFoundError extends TransformError {}
