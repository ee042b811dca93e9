import { describe, expect, it } from 'vitest';
import { createCommittedFloor } from './committedFloor.js';

const batch = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ offset: String(from + i) }));

describe('createCommittedFloor', () => {
  it('given a partition with no committed chunk, then every message is fresh', () => {
    const floor = createCommittedFloor();
    expect(floor.fresh('canonical.party', 2, batch(149, 197))).toEqual({ fresh: batch(149, 197), stale: 0 });
  });

  it('given chunk 149..197 committed, when a stale fetch hands 149..210 over again, then only 198..210 are fresh', () => {
    const floor = createCommittedFloor();
    floor.committed('canonical.party', 2, '198');
    expect(floor.fresh('canonical.party', 2, batch(149, 197))).toEqual({ fresh: [], stale: 49 });
    expect(floor.fresh('canonical.party', 2, batch(149, 210))).toEqual({ fresh: batch(198, 210), stale: 49 });
    expect(floor.fresh('canonical.party', 2, batch(198, 210))).toEqual({ fresh: batch(198, 210), stale: 0 });
  });

  it('keeps partitions apart and never lowers a floor (an older commit reported late changes nothing)', () => {
    const floor = createCommittedFloor();
    floor.committed('canonical.party', 2, '198');
    floor.committed('canonical.party', 2, '150');
    expect(floor.fresh('canonical.party', 2, batch(190, 199)).fresh).toEqual(batch(198, 199));
    expect(floor.fresh('canonical.party', 3, batch(0, 3)).stale).toBe(0);
    expect(floor.fresh('canonical.order', 2, batch(0, 3)).stale).toBe(0);
  });

  it('compares offsets as numbers, not strings ("1000" is above "998")', () => {
    const floor = createCommittedFloor();
    floor.committed('t', 0, '999');
    expect(floor.fresh('t', 0, [{ offset: '998' }, { offset: '999' }, { offset: '1000' }]).fresh).toEqual([{ offset: '999' }, { offset: '1000' }]);
  });
});
