import { describe, expect, it } from 'vitest';
import { peakRssBytes } from './procStatus.js';

describe('peakRssBytes', () => {
  it('reads VmHWM (kB) from /proc/<pid>/status, not the current VmRSS', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  150000 kB\n';
    expect(peakRssBytes(status)).toBe(204_800 * 1024);
  });

  it('is undefined when the line is missing (a kernel thread, another OS)', () => {
    expect(peakRssBytes('Name:\tkthreadd\n')).toBeUndefined();
  });
});
