/**
 * Base error of @rivulet/generator. Nothing here is transient, so `retriable` is always false; the class
 * exists so callers (the CLI, the gateway's tooling) can tell "bad request" from a bug (TypeError/RangeError).
 */
export class GeneratorError extends Error {
  readonly retriable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options (library or CLI) that cannot describe a dataset: bad rate, unknown source, empty window... */
export class InvalidGeneratorOptionsError extends GeneratorError {}
