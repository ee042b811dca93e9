/** Base error of @rivulet/quality. Nothing here talks to a broker or a database, so nothing is retriable by default. */
export class QualityError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A checks file that does not parse or validate; the message names the file, the check and the problem. */
export class ChecksFileError extends QualityError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(`${file}: invalid checks file:\n  - ${problems.join('\n  - ')}`, options);
  }
}

/** A consistency expression that does not parse (reported with its position). */
export class ExpressionSyntaxError extends QualityError {
  constructor(readonly expression: string, readonly position: number, problem: string) {
    super(`${problem} at position ${position} in "${expression}"`);
  }
}

/** A persisted anomaly model that cannot be loaded (unknown version, bad shape). */
export class AnomalyModelError extends QualityError {}

/** An Avro schema given to validateSchema that avsc cannot parse. */
export class InvalidSchemaError extends QualityError {}
