import { AuthenticationError, PermissionDeniedError } from '@rivulet/auth';
import { z } from '@rivulet/config';
import { MappingNotFoundError } from '@rivulet/transform';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from './apiError.js';
import { toProblem } from './problemDetails.js';
import { validate } from './validate.js';

describe('toProblem', () => {
  it('given typed errors, then one body shape with the right status', () => {
    expect(toProblem(new AuthenticationError('no key'))).toEqual({ type: 'https://rivulet.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'no key' });
    expect(toProblem(new PermissionDeniedError('viewer', 'keys:admin'))).toMatchObject({ status: 403, detail: 'role viewer lacks permission keys:admin' });
    expect(toProblem(new NotFoundError('entity x not found'))).toMatchObject({ status: 404, title: 'Not Found' });
    expect(toProblem(new MappingNotFoundError('no mapping for sap.thing'))).toMatchObject({ status: 400 });
    expect(toProblem(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 }))).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('given an unknown error, then a 500 that reveals nothing; a retriable one, a 503', () => {
    expect(toProblem(new Error('password=hunter2 in connection string'))).toEqual(expect.objectContaining({ status: 500, detail: 'unexpected error; see the server log' }));
    expect(toProblem(Object.assign(new Error('ECONNREFUSED'), { retriable: true }))).toMatchObject({ status: 503 });
  });

  it('given a zod failure, then errors list each path with its location prefix', () => {
    try {
      validate(z.object({ data: z.array(z.object({ a: z.number() })) }), { data: [{ a: 1 }, { a: 'x' }] }, 'body');
      expect.unreachable();
    } catch (error) {
      expect(toProblem(error)).toMatchObject({ status: 400, errors: [{ path: 'body.data[1].a', message: expect.any(String) }] });
    }
  });
});
