import { GroupActiveError, InvalidReplayInputError } from './errors.js';

export interface GroupDescription {
  groupId: string;
  state: string;
  members: readonly { clientId: string; clientHost: string; memberId: string }[];
}

/**
 * Kafka accepts offset commits from outside a group only while it has no members; the states in which
 * that holds are Empty (members left, offsets kept) and Dead (no group at all yet).
 */
export function assertGroupIdle(group: GroupDescription): void {
  if (group.state === 'Empty' || group.state === 'Dead') return;
  throw new GroupActiveError(group.groupId, group.state, group.members);
}

export interface PartitionReset {
  topic: string;
  partition: number;
  /** Committed offset before the reset; undefined when the group has none for the partition. */
  from: string | undefined;
  to: string;
}

/**
 * Pairs the wanted offsets with what is committed now, and clamps each into [low, high] so a reset never
 * points before the log start (deleted data) or past its end. Pure: the caller fetched every input.
 */
export function planReset(input: {
  topic: string;
  wanted: ReadonlyMap<number, string>;
  committed: ReadonlyMap<number, string>;
  low: ReadonlyMap<number, string>;
  high: ReadonlyMap<number, string>;
}): PartitionReset[] {
  for (const partition of input.wanted.keys()) {
    if (!input.high.has(partition)) throw new InvalidReplayInputError(`${input.topic} has no partition ${partition}`);
  }
  return [...input.wanted.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partition, offset]) => {
      const low = BigInt(input.low.get(partition) ?? '0');
      const high = BigInt(input.high.get(partition)!);
      const wanted = BigInt(offset);
      const to = wanted < low ? low : wanted > high ? high : wanted;
      const committed = input.committed.get(partition);
      return { topic: input.topic, partition, from: committed, to: to.toString() };
    });
}
