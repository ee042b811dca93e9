import type { ErrorRequestHandler } from 'express';
import { IngestError, MalformedPayloadError, PublishError, UnknownSourceError, UnsupportedFormatError } from '@rivulet/ingest';
import type { Logger } from '@rivulet/runtime';

/** An RFC 9457 problem: the one shape every error response of the gateway has. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: { errors?: unknown; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function problemBody(problem: HttpProblem): Record<string, unknown> {
  const { headers: _headers, ...extra } = problem.extra;
  return { type: `urn:rivulet:problem:${problem.slug}`, title: problem.title, status: problem.status, detail: problem.detail, ...extra };
}

/**
 * Maps every error to a problem: our HttpProblem as is; ingest errors by kind; body-parser's own errors
 * (413 too large, 400 bad encoding) by their status; retriable errors of any library (Kafka, registry, key
 * store) to 503 with Retry-After; anything else to 500 without internals.
 */
export function toProblem(error: unknown, retryAfterSeconds: number): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof UnknownSourceError) return new HttpProblem(404, 'unknown-source', 'Unknown source or entity', error.message);
  if (error instanceof UnsupportedFormatError) return new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', error.message);
  if (error instanceof MalformedPayloadError) return new HttpProblem(400, 'malformed-payload', 'Malformed payload', error.message);
  const parserError = error as { type?: string; status?: number; limit?: number };
  if (parserError.type === 'entity.too.large') {
    return new HttpProblem(413, 'payload-too-large', 'Payload too large', `the body exceeds the limit of ${parserError.limit} bytes; split it into smaller batches`);
  }
  if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return new HttpProblem(parserError.status, 'bad-request', 'Bad request', (error as Error).message);
  }
  if ((error as { retriable?: unknown }).retriable === true) {
    // Only the publish step can have written part of the batch; the key store and the registry fail before it.
    const detail = error instanceof PublishError
      ? `the batch was not published for certain: ${error.message}; some records may already be written, so retry later with the same Idempotency-Key (a retry carries the same event ids, and downstream keeps each once)`
      : `nothing was published: ${(error as Error).message}; retry later with the same Idempotency-Key`;
    return new HttpProblem(503, 'unavailable', 'Service unavailable', detail, { headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
  if (error instanceof IngestError) return new HttpProblem(500, 'ingest-error', 'Ingest error', error.message);
  return new HttpProblem(500, 'internal', 'Internal server error', 'an unexpected error occurred; it was logged');
}

export function problemMiddleware(logger: Logger, retryAfterSeconds: number): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toProblem(error, retryAfterSeconds);
    if (problem.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problemBody(problem)));
  };
}
