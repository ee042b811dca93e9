import { describe, expect, it, vi } from 'vitest';
import { whileBeating } from './batchControl.js';

describe('whileBeating', () => {
  it('heartbeats while slow work runs, stops when it ends, and survives a refused heartbeat', async () => {
    vi.useFakeTimers();
    try {
      let beats = 0;
      const control = { heartbeat: async () => { beats += 1; if (beats === 2) throw new Error('rebalance in progress'); } };
      let finish!: (v: string) => void;
      const result = whileBeating(control, () => new Promise<string>((r) => (finish = r)), 3_000);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(beats).toBe(3);
      finish('done');
      await expect(result).resolves.toBe('done');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(beats).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
