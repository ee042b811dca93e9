import { z } from '@rivulet/config';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './apiError.js';
import { nulPath, validate } from './validate.js';

describe('validate', () => {
  it('given a NUL character anywhere in a query, path or body, then a ValidationError naming where (PostgreSQL cannot store it)', () => {
    expect(() => validate(z.object({ source: z.string().optional() }), { source: '\u0000' }, 'query')).toThrow(ValidationError);
    expect(() => validate(z.object({ source: z.string().optional() }), { source: 'a\u0000b' }, 'query')).toThrow(/query\.source: contains a NUL character/);
    expect(nulPath({ data: [{ a: 'x' }, { b: ['ok', 'n\u0000'] }] }, 'body')).toBe('body.data[1].b[1]');
    expect(nulPath({ ['k\u0000']: 1 }, 'body')).toBe('body.k\\0');
  });

  it('given a clean or deeply nested value, then no NUL is reported and the stack holds', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulPath(deep, 'body')).toBeUndefined();
    expect(validate(z.object({ n: z.coerce.number() }), { n: '3' }, 'query')).toEqual({ n: 3 });
  });
});
