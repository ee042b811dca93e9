import { describe, expect, it } from 'vitest';
import { createProgressMeter, formatDuration, formatProgress } from './progressMeter.js';

describe('createProgressMeter', () => {
  it('given a resumed job, when records flow, then the rate counts only this run', () => {
    let t = 0;
    const meter = createProgressMeter({ total: 1_000, done: 400, now: () => t });
    t = 2_000;
    expect(meter.update({ done: 600 })).toEqual({ done: 600, total: 1_000, rate: 100, etaSeconds: 4 });
  });
  it('given no progress yet, when asked, then time left is unknown', () => {
    expect(createProgressMeter({ total: 10, now: () => 0 }).snapshot().etaSeconds).toBeUndefined();
  });
});

describe('formatProgress', () => {
  it('given a snapshot, when formatted, then shows done, rate and time left', () => {
    expect(formatProgress({ done: 12_345, total: 50_000, rate: 1_830.4, etaSeconds: 75 })).toBe('12,345 / 50,000 records (24.7%) · 1,830 rec/s · 1m15s left');
    expect(formatDuration(7_300)).toBe('2h01m');
  });
});
