import { describe, expect, it } from 'vitest';
import { NotConfluentFramedError } from './errors.js';
import { frame, unframe } from './wireFormat.js';

describe('Confluent wire format', () => {
  it('writes magic byte 0, the id big-endian, then the body', () => {
    const framed = frame(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 0xaa, 0xbb]);
  });

  it('round-trips ids up to 2^32 - 1', () => {
    const { schemaId, body } = unframe(frame(0xffff_ffff, Buffer.from('x')));
    expect(schemaId).toBe(0xffff_ffff);
    expect(body.toString()).toBe('x');
  });

  it('refuses ids that do not fit four unsigned bytes (a bug, not poison)', () => {
    expect(() => frame(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(2 ** 32, Buffer.alloc(0))).toThrow(RangeError);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['shorter than the header', Buffer.from([0, 0, 0, 1])],
    ['magic byte 1', Buffer.from([1, 0, 0, 0, 1, 2])],
    ['JSON text', Buffer.from('{"a":1}')],
  ])('classifies %s as poison (NotConfluentFramedError, not retriable)', (_label, message) => {
    const error = (() => {
      try {
        unframe(message);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NotConfluentFramedError);
    expect((error as NotConfluentFramedError).retriable).toBe(false);
  });

  it('accepts a header with an empty body (valid for e.g. a record with no fields)', () => {
    expect(unframe(Buffer.from([0, 0, 0, 0, 7]))).toEqual({ schemaId: 7, body: Buffer.alloc(0) });
  });
});
