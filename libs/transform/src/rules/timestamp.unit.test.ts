import { describe, expect, it } from 'vitest';
import { normalizeTimestamp, toUtcIso } from './timestamp.js';
import { resolveLocalTime } from './zonedTime.js';

const LONDON = { zone: 'Europe/London' };
const iso = (input: unknown, options = {}) => {
  const r = toUtcIso(input, options);
  return r.ok ? r.value : r.invalid;
};

describe('normalizeTimestamp', () => {
  it('given epoch millis, when normalised, then unchanged and shown as ISO', () => {
    expect(normalizeTimestamp(1_774_744_200_000)).toEqual({ ok: true, value: 1_774_744_200_000, changed: false, rule: 'timestamp', shown: '2026-03-29T00:30:00.000Z' });
  });
  it('given ISO-8601 with Z or an offset, when normalised, then the same instant in UTC', () => {
    expect(iso('2026-03-29T01:30:00Z')).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-03-29T03:30:00+02:00')).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-03-28 20:30:00.1234-0500')).toBe('2026-03-29T01:30:00.123Z');
  });
  it('given a local winter time in Europe/London, when normalised, then UTC equals wall time', () => {
    expect(iso('2026-01-15 09:00', LONDON)).toBe('2026-01-15T09:00:00.000Z');
  });
  it('given a local summer time in Europe/London, when normalised, then one hour earlier in UTC', () => {
    expect(iso('2026-07-01 09:00:00', LONDON)).toBe('2026-07-01T08:00:00.000Z');
  });
  it('given 01:30 on the spring-forward night (never happened in London), when normalised, then invalid, not shifted', () => {
    expect(normalizeTimestamp('2026-03-29 01:30', LONDON)).toEqual({ ok: false, invalid: 'timestamp_nonexistent_local_time', rule: 'timestamp' });
  });
  it('given the minutes around the spring gap, when normalised, then valid on both sides', () => {
    expect(iso('2026-03-29 00:59', LONDON)).toBe('2026-03-29T00:59:00.000Z');
    expect(iso('2026-03-29 02:00', LONDON)).toBe('2026-03-29T01:00:00.000Z');
  });
  it('given 01:30 on the fall-back night (happened twice), when normalised by default, then the earlier (BST) instant', () => {
    expect(iso('2026-10-25 01:30', LONDON)).toBe('2026-10-25T00:30:00.000Z');
  });
  it('given the fall-back ambiguity with "later" or "reject", when normalised, then GMT instant or invalid', () => {
    expect(iso('2026-10-25 01:30', { ...LONDON, ambiguous: 'later' })).toBe('2026-10-25T01:30:00.000Z');
    expect(iso('2026-10-25 01:30', { ...LONDON, ambiguous: 'reject' })).toBe('timestamp_ambiguous_local_time');
  });
  it('given a zone far from UTC with a DST gap (America/New_York), when the gap is hit, then invalid', () => {
    expect(iso('2026-03-08 02:30', { zone: 'America/New_York' })).toBe('timestamp_nonexistent_local_time');
    expect(iso('2026-03-08 03:30', { zone: 'America/New_York' })).toBe('2026-03-08T07:30:00.000Z');
  });
  it('given a date only with a zone, when normalised, then local midnight', () => {
    expect(iso('2026-07-01', LONDON)).toBe('2026-06-30T23:00:00.000Z');
  });
  it.each([
    ['2026-02-30 10:00', 'timestamp_out_of_range'],
    ['2026-01-01 24:00', 'timestamp_out_of_range'],
    ['2026-06-30 23:59:60Z', 'timestamp_out_of_range'],
    ['yesterday', 'timestamp_unparseable'],
    ['01/02/2026 10:00', 'timestamp_unparseable'],
  ])('given %j, when normalised, then invalid %s', (input, reason) => {
    expect(iso(input, LONDON)).toBe(reason);
  });
  it('given a local time and no zone, when normalised, then invalid (no silent UTC assumption)', () => {
    expect(iso('2026-01-15 09:00')).toBe('timestamp_local_without_zone');
  });
  it('given epoch seconds with epochUnit "s", when normalised, then millis', () => {
    expect(normalizeTimestamp(1_774_744_200, { epochUnit: 's' })).toMatchObject({ value: 1_774_744_200_000, changed: true });
  });
});

describe('resolveLocalTime', () => {
  it('given a zone without DST, when resolved, then always unique', () => {
    expect(resolveLocalTime(Date.UTC(2026, 2, 29, 1, 30), 'Asia/Tokyo')).toEqual({ kind: 'unique', epochMs: Date.UTC(2026, 2, 28, 16, 30) });
  });
  it('given a half-hour zone (Australia/Lord_Howe, 30-minute DST), when the overlap is hit, then both instants', () => {
    const result = resolveLocalTime(Date.UTC(2026, 3, 5, 1, 45), 'Australia/Lord_Howe');
    expect(result).toEqual({ kind: 'ambiguous', earlier: Date.UTC(2026, 3, 4, 14, 45), later: Date.UTC(2026, 3, 4, 15, 15) });
  });
});
