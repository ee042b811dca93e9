/**
 * Errors of @rivulet/registry. `retriable` tells the processor runtime what to do: retriable → back off and
 * retry without committing (the registry or network is down, or still loading after a restart: pausing is
 * right, dead-lettering would lose good records); not retriable → the record or the schema is at fault
 * (poison → DLQ, or a deploy error).
 */
export class RegistryError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** Shorter than the 5-byte header, or the first byte is not the magic byte 0: not ours to decode (poison). */
export class NotConfluentFramedError extends RegistryError {}

/** The registry answered 404 for the schema id in the frame: no schema will ever make it decodable (poison). */
export class UnknownSchemaIdError extends RegistryError {
  constructor(readonly schemaId: number, options: { cause?: unknown } = {}) {
    super(`schema id ${schemaId} is not known to the registry`, options);
  }
}

/**
 * The subject has no registered version. Retriable: it is never the record's fault. Either the registry has
 * just restarted and not yet reloaded its storage (Apicurio answers 404 for existing subjects until its
 * kafkasql journal is replayed; seen in the fault suite), or the topics CLI has not been run (a deploy step
 * the writer should wait for). A processor therefore pauses and redelivers instead of dead-lettering the
 * input it was encoding an output for, and the gateway answers 503 instead of 500.
 */
export class UnknownSubjectError extends RegistryError {
  constructor(readonly subject: string, options: { cause?: unknown } = {}) {
    super(`subject "${subject}" has no registered schema (run the topics CLI; a registry that has just started may still be loading it)`, { ...options, retriable: true });
  }
}

/** The body does not decode with the writer schema (truncated, garbage, or trailing bytes): poison. */
export class AvroDecodeError extends RegistryError {}

/** The value does not match the schema on encode; `problems` name each offending field path. Nothing was encoded. */
export class AvroValidationError extends RegistryError {
  constructor(readonly subject: string, readonly problems: readonly string[]) {
    super(`value does not match the schema of "${subject}": ${problems.join('; ')}`);
  }
}

/** The registry refused the schema as incompatible with the subject's history (HTTP 409). */
export class SchemaIncompatibleError extends RegistryError {}

/** The registry refused the schema itself (HTTP 422 / 400 / 40x other than 404 and 409). */
export class InvalidSchemaError extends RegistryError {}

/** Connection refused or reset, timeout, or HTTP 5xx: try again later. */
export class RegistryUnavailableError extends RegistryError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: true });
  }
}
