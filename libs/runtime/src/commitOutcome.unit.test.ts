import { describe, expect, it } from 'vitest';
import { outcomeOfFailedCommit, type CommitOutcomeDeps } from './commitOutcome.js';

/** A partition's producer and the group coordinator as the decision sees them. */
function partition(options: { settleFails?: boolean; committed?: bigint | 'unreachable' }) {
  const state = { producer: true, settled: false };
  const deps: CommitOutcomeDeps = {
    settle: async () => {
      if (options.settleFails) throw new Error('ECONNREFUSED');
      state.settled = true;
    },
    drop: async () => {
      state.producer = false;
    },
    committedOffset: async () => {
      if (options.committed === 'unreachable') throw new Error('ECONNREFUSED');
      return options.committed ?? -1n;
    },
  };
  return { deps, state };
}

describe('outcomeOfFailedCommit', () => {
  it('a committed offset at the chunk end means the transaction committed; the settled producer stays', async () => {
    const { deps, state } = partition({ committed: 167n });
    expect(await outcomeOfFailedCommit(deps, '167')).toBe('committed');
    expect(state).toEqual({ producer: true, settled: true });
  });

  it('an older committed offset after settling means it did not: redeliver with the same producer', async () => {
    const { deps, state } = partition({ committed: 77n });
    expect(await outcomeOfFailedCommit(deps, '167')).toBe('not-committed');
    expect(state.producer).toBe(true);
  });

  it('with the coordinator unreachable the outcome is unknown, and the producer is dropped so the redelivery asks again', async () => {
    const { deps, state } = partition({ committed: 'unreachable' });
    expect(await outcomeOfFailedCommit(deps, '167')).toBe('unknown');
    expect(state.producer).toBe(false);
  });

  it('an offset read without settling may predate the commit: the producer is dropped so the redelivery settles first', async () => {
    const { deps, state } = partition({ settleFails: true, committed: 77n });
    expect(await outcomeOfFailedCommit(deps, '167')).toBe('not-committed');
    expect(state).toEqual({ producer: false, settled: false });
  });
});
