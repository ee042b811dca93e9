import { describe, expect, it } from 'vitest';
import { createRng } from './prng.js';
import { isoTime } from './isoTime.js';

describe('isoTime', () => {
  it('matches Date#toISOString on edge dates and random instants', () => {
    const edges = [0, 951_782_400_000, 951_868_799_999, 1_709_164_800_000, 4_107_542_399_999, 253_402_300_799_999, -1, 253_402_300_800_000];
    for (const ms of edges) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    const rng = createRng('iso');
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(rng.next() * 4_102_444_800_000);
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
