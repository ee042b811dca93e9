import { describe, expect, it } from 'vitest';
import { ValidationError } from './apiError.js';
import { decodeCursor, encodeCursor } from './pagination.js';

describe('cursor', () => {
  it('given a sort key with a date, then it round-trips as ISO text and numbers', () => {
    const cursor = encodeCursor([new Date('2026-11-20T10:00:00Z'), 'k1', 3]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 3)).toEqual(['2026-11-20T10:00:00.000Z', 'k1', 3]);
  });

  it('given a foreign, truncated or wrong-arity cursor, then ValidationError on query.cursor', () => {
    for (const bad of ['%%%', encodeCursor(['a']), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([{ x: 1 }, 'b'])]) {
      try {
        decodeCursor(bad, 2);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).errors?.[0]?.path).toBe('query.cursor');
      }
    }
  });
});
