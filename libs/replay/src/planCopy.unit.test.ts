import { describe, expect, it } from 'vitest';
import { copyJobId, copyTotals, planCopy } from './planCopy.js';

const input = { jobId: 'j', from: 'a', to: 'b', start: new Map([[0, '5'], [1, '0']]), end: new Map([[0, '15'], [1, '0']]), now: new Date(0) };

describe('planCopy', () => {
  it('given a target with as many partitions, when planned, then keeps the partition number', () => {
    const state = planCopy({ ...input, sourcePartitions: 2, targetPartitions: 3 });
    expect(state.routing).toBe('same-partition');
    expect(state.partitions).toEqual({ 0: { start: '5', end: '15', next: '5', copied: 0 }, 1: { start: '0', end: '0', next: '0', copied: 0 } });
    expect(copyTotals(state)).toEqual({ total: 10, copied: 0, remaining: 10 });
  });
  it('given a target with fewer partitions, when planned, then routes by key hash', () => {
    expect(planCopy({ ...input, sourcePartitions: 2, targetPartitions: 1 }).routing).toBe('key-hash');
  });
  it('given the same topic or an inverted range, when planned, then refuses', () => {
    expect(() => planCopy({ ...input, to: 'a', sourcePartitions: 1, targetPartitions: 1 })).toThrow(/different topics/);
    expect(() => planCopy({ ...input, fromTime: 2, toTime: 1, sourcePartitions: 1, targetPartitions: 1 })).toThrow(/after --from-time/);
  });
  it('given the same command twice, when named, then the job id is the same (the second run resumes)', () => {
    expect(copyJobId({ from: 'a', to: 'b', toTime: 1 })).toBe(copyJobId({ from: 'a', to: 'b', toTime: 1 }));
    expect(copyJobId({ from: 'a', to: 'b', toTime: 1 })).not.toBe(copyJobId({ from: 'a', to: 'b', toTime: 2 }));
  });
});
