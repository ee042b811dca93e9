import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classifyFailure.js';
import {
  InvalidSchemaError, RegistryError, RegistryUnavailableError, SchemaIncompatibleError, UnknownSchemaIdError,
} from './errors.js';

const notFound = () => new UnknownSchemaIdError(42);

describe('classifyFailure', () => {
  it.each([
    [{ status: 400, message: 'Confluent_Schema_Registry - Error, status 400: connect ECONNREFUSED 127.0.0.1:18081' }],
    [{ status: 400, message: 'rivulet - Error, status 400: Timeout (5000ms)' }],
    [{ status: 400, message: 'rivulet - Error, status 400: socket hang up' }],
    [{ status: 503, message: 'Service Unavailable' }],
    [{ status: 500, message: 'Internal Server Error' }],
    [{ status: 429, message: 'Too Many Requests' }],
    [{ message: 'fetch failed' }],
  ])('treats %o as the registry being unavailable (retriable: pause, do not DLQ)', (failure) => {
    const error = classifyFailure(failure, { operation: 'schema 42', notFound });
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error.retriable).toBe(true);
  });

  it('maps 404 through the call-specific meaning (an unknown id is poison)', () => {
    const error = classifyFailure({ status: 404, message: 'Schema 42 not found' }, { operation: 'schema 42', notFound });
    expect(error).toBeInstanceOf(UnknownSchemaIdError);
    expect(error.retriable).toBe(false);
  });

  it('maps 409 to SchemaIncompatibleError, not retriable', () => {
    const error = classifyFailure({ status: 409, message: 'Schema being registered is incompatible' }, { operation: 'register s' });
    expect(error).toBeInstanceOf(SchemaIncompatibleError);
    expect(error.retriable).toBe(false);
    expect(error.message).toMatch(/register s/);
  });

  it('maps a real 400/422 (registry JSON message, no socket error) to InvalidSchemaError', () => {
    expect(classifyFailure({ status: 422, message: 'Invalid schema' }, { operation: 'register s' })).toBeInstanceOf(InvalidSchemaError);
    expect(classifyFailure({ status: 400, message: 'Unrecognized field' }, { operation: 'register s' })).toBeInstanceOf(InvalidSchemaError);
  });

  it('keeps other client errors as a non-retriable RegistryError with the cause attached', () => {
    const cause = new Error('forbidden');
    const error = classifyFailure({ status: 403, message: 'Forbidden' }, { operation: 'register s' }, cause);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.retriable).toBe(false);
    expect(error.cause).toBe(cause);
  });
});
