/**
 * Base error of @rivulet/contracts. Everything here is a defect in the schemas, the catalogue or the caller
 * (not a transient condition), so nothing is retriable except what the apply step passes through from
 * the broker or registry, which keeps that error's own `retriable`.
 */
export class ContractError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A schema file is malformed, references a type nobody defines, or uses a construct we do not support. */
export class SchemaDefinitionError extends ContractError {}

/** A topic or event name that is not in the catalogue. */
export class UnknownContractError extends ContractError {}
