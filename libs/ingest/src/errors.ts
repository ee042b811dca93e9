/**
 * Base error of @rivulet/ingest. `retriable` tells the edge (gateway, CLI, drop folder) whether the same
 * input may succeed later (broker, registry or key store down: answer 503 / keep the file) or never will
 * (unknown topic, wrong format, malformed payload: answer 4xx / move the file to failed/).
 */
export class IngestError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** No raw topic `raw.<source>.<entity>` in the catalogue. */
export class UnknownSourceError extends IngestError {}

/** A content type or file extension we cannot parse. */
export class UnsupportedFormatError extends IngestError {}

/** The payload as a whole cannot be read (not a JSON array, CSV without header, ...); single bad rows are rejections instead. */
export class MalformedPayloadError extends IngestError {}

/** Kafka did not acknowledge in time or refused: nothing may be reported as accepted. */
export class PublishError extends IngestError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}
