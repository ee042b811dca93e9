import { AuthenticationError, PermissionDeniedError } from '@rivulet/auth';
import { ApiError, ValidationError } from './apiError.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

const problem = (status: number, title: string, detail: string): ProblemDetails => ({
  type: `https://rivulet.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
  title,
  status,
  detail,
});

/** Typed library errors the seed endpoints throw for bad input (a 400, not a 500). */
const CLIENT_ERROR_NAMES = new Set([
  'MappingDefinitionError', 'MappingNotFoundError', 'MappingApplicationError', 'ChecksFileError', 'ExpressionSyntaxError',
  'InvalidSchemaError', 'InvalidModelError', 'InvalidRecordError', 'InvalidRcaInputError',
]);

/**
 * The one mapping from errors to responses. Unknown errors become a 500 whose detail says nothing about
 * internals (the log has the stack); a retriable dependency error becomes a 503.
 */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ApiError) {
    return { ...problem(error.status, error.title, error.message), ...(error.errors?.length ? { errors: error.errors } : {}) };
  }
  if (error instanceof AuthenticationError) return problem(401, 'Unauthorized', error.message);
  if (error instanceof PermissionDeniedError) return problem(403, 'Forbidden', error.message);
  if (error instanceof Error && CLIENT_ERROR_NAMES.has(error.name)) return problem(400, 'Bad Request', error.message);
  const e = error as { type?: string; status?: number; statusCode?: number; message?: string; retriable?: boolean };
  // body-parser's errors: too large, malformed JSON, unsupported charset.
  if (e?.type === 'entity.too.large') return problem(413, 'Payload Too Large', e.message ?? 'request body too large');
  if (e?.type === 'entity.parse.failed') return problem(400, 'Bad Request', `malformed JSON body: ${e.message ?? ''}`.trim());
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return problem(status, 'Bad Request', e.message ?? 'bad request');
  if (e?.retriable === true) return problem(503, 'Service Unavailable', 'a dependency is unavailable; retry later');
  return problem(500, 'Internal Server Error', 'unexpected error; see the server log');
}

export { ValidationError };
