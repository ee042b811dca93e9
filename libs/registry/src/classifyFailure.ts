import {
  InvalidSchemaError, RegistryError, RegistryUnavailableError, SchemaIncompatibleError,
} from './errors.js';

/** What we know about a failed registry call: the HTTP status if any, and the message. */
export interface RegistryFailure {
  status?: number;
  message: string;
}

/**
 * mappersmith (the HTTP layer of @kafkajs/confluent-schema-registry) reports transport failures —
 * connection refused/reset, DNS, its own timeout — as a *fake* HTTP 400 whose message is the socket error.
 * A real 400 from the registry carries its JSON error message instead, so the socket-error codes tell them apart.
 */
const TRANSPORT_FAILURE = /ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|Timeout \(\d+ms\)/i;

export function isTransportFailure(failure: RegistryFailure): boolean {
  return (failure.status === undefined || failure.status === 400) && TRANSPORT_FAILURE.test(failure.message);
}

/**
 * Maps a failed call to our error classes. `notFound` decides what a 404 means for this call (unknown
 * schema id vs unknown subject), because the registry's 404 is only meaningful together with the request.
 */
export function classifyFailure(
  failure: RegistryFailure,
  context: { operation: string; notFound?: () => RegistryError },
  cause?: unknown,
): RegistryError {
  const { status, message } = failure;
  const what = `${context.operation}: ${message}`;
  if (isTransportFailure(failure)) return new RegistryUnavailableError(`registry unreachable during ${what}`, { cause });
  if (status === undefined) return new RegistryUnavailableError(`registry call failed during ${what}`, { cause });
  if (status === 404 && context.notFound) return context.notFound();
  if (status === 409) return new SchemaIncompatibleError(`registry rejected an incompatible schema during ${what}`, { cause });
  if (status === 408 || status === 429 || status >= 500) {
    return new RegistryUnavailableError(`registry answered ${status} during ${what}`, { cause });
  }
  if (status === 422 || status === 400) return new InvalidSchemaError(`registry rejected the schema during ${what}`, { cause });
  return new RegistryError(`registry answered ${status} during ${what}`, { cause });
}

/** Reads status and message from whatever the client library threw. */
export function failureOf(error: unknown): RegistryFailure {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return { status: typeof status === 'number' ? status : undefined, message: error.message };
  }
  return { message: String(error) };
}
