/**
 * Errors the API renders as RFC 9457 problem details. Every 4xx/5xx body has one shape:
 * `{ type, title, status, detail, errors? }`; `errors` lists field problems of a 400.
 */
export class ApiError extends Error {
  readonly retriable: boolean;

  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    options: { retriable?: boolean; cause?: unknown; errors?: FieldProblem[] } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
    this.errors = options.errors;
  }

  readonly errors: FieldProblem[] | undefined;

  /** A stable URI per kind of problem, documented in the OpenAPI document. */
  get type(): string {
    return `https://rivulet.dev/problems/${this.title.toLowerCase().replaceAll(' ', '-')}`;
  }
}

export interface FieldProblem {
  /** Where: `query.limit`, `body.data[3].email`, `params.id`. */
  path: string;
  message: string;
}

export class ValidationError extends ApiError {
  constructor(detail: string, errors: FieldProblem[] = []) {
    super(400, 'Bad Request', detail, { errors });
  }
}

export class NotFoundError extends ApiError {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}

/** The caller named a tenant other than its credentials' (header, query or body): never acted upon. */
export class CrossTenantError extends ApiError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}

export class ConflictError extends ApiError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

/** A dependency (PostgreSQL, Kafka) failed; the client may retry. */
export class DependencyError extends ApiError {
  constructor(detail: string, cause?: unknown) {
    super(503, 'Service Unavailable', detail, { retriable: true, cause });
  }
}
