import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parseTimestamp.js';

describe('parseTimestamp', () => {
  it('given ISO-8601 with Z, an offset, a fraction or a date only, when parsed, then gives UTC epoch ms', () => {
    expect(parseTimestamp('2024-01-31T09:15:00.000Z')).toBe(Date.UTC(2024, 0, 31, 9, 15));
    expect(parseTimestamp('2024-01-31T10:15:00+01:00')).toBe(Date.UTC(2024, 0, 31, 9, 15));
    expect(parseTimestamp('2024-01-31 04:15-0500')).toBe(Date.UTC(2024, 0, 31, 9, 15));
    expect(parseTimestamp('2024-01-31T09:15:00.1234Z')).toBe(Date.UTC(2024, 0, 31, 9, 15, 0, 123));
    expect(parseTimestamp('2024-01-31')).toBe(Date.UTC(2024, 0, 31));
    expect(parseTimestamp(' 1706692500000 ')).toBe(1706692500000);
  });

  it('given impossible dates, local times or prose, when parsed, then explains why', () => {
    expect(parseTimestamp('2024-02-30')).toEqual({ error: 'no such date 2024-02-30' });
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toMatchObject({ error: expect.stringMatching(/no such date/) });
    expect(parseTimestamp('2024-01-31T25:00:00Z')).toEqual({ error: 'no such time of day' });
    expect(parseTimestamp('2024-01-31T09:15:00')).toEqual({ error: 'a date-time needs a zone (Z or +hh:mm)' });
    expect(parseTimestamp('yesterday')).toMatchObject({ error: expect.stringMatching(/ISO-8601/) });
  });
});
