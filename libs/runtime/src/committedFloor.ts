/**
 * Per input partition, the offset after the last chunk this instance committed: every offset below it is
 * committed (outputs and position in one transaction), so a batch that starts below it is stale.
 *
 * Why: kafkajs 2.2.4 runs one fetcher per broker and builds each fetch request from the partition's next
 * offset at the time it is sent, without checking it again when the answer comes back. When a partition's
 * leader moves (a broker restarted, leaders rebalanced), the new leader's fetcher can ask for the partition
 * from offset N while the old leader's fetcher is still processing N..M; the answer is handed over once
 * that batch is done, and N..M is processed a second time. In a transaction the second chunk commits as
 * well (same producer, same epoch: nothing fences it). The fault suite saw this with 100,000 records on 3
 * brokers (docs/faults.md, run 10): 48 records of canonical.party/2 checked twice by quality, two committed
 * transactions of the same producer 10 s apart, no rejoin between them.
 *
 * The floor only rises and is kept for the life of the process: the group's committed offset never goes
 * back while a member runs (an offset reset needs an empty group), so a record below it is always one this
 * instance's transaction already committed.
 */
export interface CommittedFloor {
  /** Records a committed chunk: everything before `nextOffset` is committed. */
  committed(topic: string, partition: number, nextOffset: string): void;
  /** The messages at or above the floor (all of them when the partition has none), and how many were below it. */
  fresh<M extends { offset: string }>(topic: string, partition: number, messages: readonly M[]): { fresh: readonly M[]; stale: number };
}

export function createCommittedFloor(): CommittedFloor {
  const floors = new Map<string, bigint>();
  const key = (topic: string, partition: number) => `${topic}/${partition}`;
  return {
    committed(topic, partition, nextOffset) {
      const next = BigInt(nextOffset);
      const floor = floors.get(key(topic, partition));
      if (floor === undefined || next > floor) floors.set(key(topic, partition), next);
    },
    fresh(topic, partition, messages) {
      const floor = floors.get(key(topic, partition));
      if (floor === undefined) return { fresh: messages, stale: 0 }; // the usual case: no copy per batch
      const fresh = messages.filter((m) => BigInt(m.offset) >= floor);
      return { fresh, stale: messages.length - fresh.length };
    },
  };
}
