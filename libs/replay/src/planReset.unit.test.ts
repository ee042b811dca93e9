import { describe, expect, it } from 'vitest';
import { GroupActiveError } from './errors.js';
import { assertGroupIdle, planReset } from './planReset.js';

describe('assertGroupIdle', () => {
  it('given an Empty or Dead group, when checked, then passes', () => {
    expect(() => assertGroupIdle({ groupId: 'g', state: 'Empty', members: [] })).not.toThrow();
    expect(() => assertGroupIdle({ groupId: 'g', state: 'Dead', members: [] })).not.toThrow();
  });
  it('given a Stable group, when checked, then names its members and says to stop the app', () => {
    const check = () => assertGroupIdle({ groupId: 'rivulet.quality', state: 'Stable', members: [{ clientId: 'quality', clientHost: '/10.0.0.7', memberId: 'm1' }] });
    expect(check).toThrow(GroupActiveError);
    expect(check).toThrow('consumer group rivulet.quality is Stable with 1 live member(s) (quality@10.0.0.7): stop the app first, then reset');
  });
});

describe('planReset', () => {
  const base = { topic: 't', committed: new Map([[0, '50']]), low: new Map([[0, '10'], [1, '0']]), high: new Map([[0, '100'], [1, '20']]) };
  it('given wanted offsets, when planned, then pairs them with the committed ones, clamped into the log', () => {
    expect(planReset({ ...base, wanted: new Map([[1, '99'], [0, '3']]) })).toEqual([
      { topic: 't', partition: 0, from: '50', to: '10' },
      { topic: 't', partition: 1, from: undefined, to: '20' },
    ]);
  });
  it('given an unknown partition, when planned, then refuses', () => {
    expect(() => planReset({ ...base, wanted: new Map([[7, '1']]) })).toThrow(/no partition 7/);
  });
});
