import { describe, expect, it } from 'vitest';
import { percentile, rate, summarize } from './stats.js';

describe('percentile (nearest rank)', () => {
  it('given 1..100, p50 is 50, p95 is 95, p99 is 99 and p100 the maximum', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([50, 95, 99, 100].map((p) => percentile(values, p))).toEqual([50, 95, 99, 100]);
  });

  it('given few values, a high percentile is the largest one, never interpolated beyond the data', () => {
    expect(percentile([10, 20, 30], 99)).toBe(30);
    expect(percentile([10, 20, 30], 34)).toBe(20);
    expect(percentile([7], 50)).toBe(7);
  });

  it('given no values, it is NaN', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts unsorted latencies before ranking them', () => {
    expect(summarize([300, 100, 200, 400])).toEqual({ count: 4, p50: 200, p95: 400, p99: 400, max: 400, mean: 250 });
  });
});

describe('rate', () => {
  it('turns records over milliseconds into records per second', () => {
    expect(rate(5_000, 2_000)).toBe(2_500);
    expect(rate(10, 0)).toBeNaN();
  });
});
