import { describe, expect, it } from 'vitest';
import { InvalidReplayInputError } from './errors.js';
import { parseInstant, parseOffsetSpec, resetTargetFrom } from './offsetSpec.js';

describe('parseOffsetSpec', () => {
  it('given partition:offset pairs, when parsed, then keeps int64 offsets exact', () => {
    expect(parseOffsetSpec('0:12, 2:9007199254740993')).toEqual(new Map([[0, '12'], [2, '9007199254740993']]));
  });
  it('given a malformed or repeated partition, when parsed, then refuses', () => {
    expect(() => parseOffsetSpec('0=12')).toThrow(InvalidReplayInputError);
    expect(() => parseOffsetSpec('0:1,0:2')).toThrow(/twice/);
    expect(() => parseOffsetSpec(' , ')).toThrow(/no offsets/);
  });
});

describe('parseInstant', () => {
  it('given a time with a zone, when parsed, then gives epoch milliseconds', () => {
    expect(parseInstant('2026-11-20T10:00:00Z')).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseInstant('2026-11-20T11:00:00+01:00')).toBe(Date.UTC(2026, 10, 20, 10));
  });
  it('given a time without a zone, when parsed, then refuses rather than guess the local zone', () => {
    expect(() => parseInstant('2026-11-20T10:00:00', '--to-time')).toThrow(/--to-time .* needs a zone/);
  });
});

describe('resetTargetFrom', () => {
  it('given exactly one target, when resolved, then returns it', () => {
    expect(resetTargetFrom({ toEarliest: true })).toEqual({ kind: 'earliest' });
    expect(resetTargetFrom({ toTime: '2026-11-20T10:00:00Z' })).toEqual({ kind: 'time', timestamp: Date.UTC(2026, 10, 20, 10) });
  });
  it('given none or two, when resolved, then refuses', () => {
    expect(() => resetTargetFrom({})).toThrow(/exactly one/);
    expect(() => resetTargetFrom({ toEarliest: true, toOffset: '0:1' })).toThrow(/exactly one/);
  });
});
