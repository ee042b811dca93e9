import { waitFor } from '@rivulet/testkit';
import { partitionsWithRecordsFrom } from '@rivulet/testkit';
import { AssignerProtocol, type Kafka } from 'kafkajs';

/** A partition a consumer group has not consumed to the end yet. */
export interface Lagging {
  group: string;
  topic: string;
  partition: number;
  committed: string;
  end: string;
}

/**
 * What `kafka-consumer-groups --describe` would show as lag for each group, on the partitions its live
 * members are assigned: the partitions whose committed offset is behind the end. A partition written in
 * transactions ends with a commit marker that no consumer ever commits past (its last record's offset + 1
 * is end - 1), so end - 1 counts as consumed. A group without live members is reported as one entry with
 * partition -1: it is not consuming at all.
 */
export async function consumerLag(kafka: Kafka, groups: readonly string[]): Promise<Lagging[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lagging: Lagging[] = [];
    const { groups: described } = await admin.describeGroups([...groups]);
    for (const g of described) {
      const assigned = new Map<string, Set<number>>();
      for (const member of g.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
          const set = assigned.get(topic) ?? new Set<number>();
          for (const p of partitions) set.add(p);
          assigned.set(topic, set);
        }
      }
      if (assigned.size === 0) {
        lagging.push({ group: g.groupId, topic: '', partition: -1, committed: '', end: '' });
        continue;
      }
      const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: [...assigned.keys()] });
      for (const { topic, partitions } of committed) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
        for (const { partition, offset } of partitions) {
          if (!assigned.get(topic)!.has(partition)) continue;
          const end = ends.get(partition) ?? '0';
          // -1: nothing committed yet, which is caught up only on a partition that is still empty.
          const behind = offset === '-1' ? BigInt(end) > 0n : BigInt(offset) < BigInt(end) - 1n;
          if (behind) lagging.push({ group: g.groupId, topic, partition, committed: offset, end });
        }
      }
    }
    return lagging;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Of the partitions `consumerLag` reports, those that really hold a record the group has not consumed (the
 * tail of a transactional partition can be markers or an aborted transaction: see testkit's
 * `partitionsWithRecordsFrom`).
 */
export async function realLag(kafka: Kafka, lagging: readonly Lagging[]): Promise<Lagging[]> {
  const probed = lagging.filter((l) => l.partition >= 0);
  const real: Lagging[] = lagging.filter((l) => l.partition < 0);
  const holding = await partitionsWithRecordsFrom(kafka, probed.map((l) => ({ topic: l.topic, partition: l.partition, offset: l.committed })));
  return [...real, ...probed.filter((l) => holding.has(`${l.topic}/${l.partition}`))];
}

/**
 * Waits until a run's pipeline has settled, as an operator would judge it, all in one poll and with no fixed
 * sleep: `upstream` says whether the read models hold what the run sent (and describes what it sees), and none
 * of the run's consumer groups has lag (`realLag` is only probed once `upstream` is done: it costs a consumer).
 * The timeout's error names the last state seen.
 */
export async function waitForSettled<T>(
  kafka: Kafka,
  groups: readonly string[],
  upstream: () => Promise<{ done: T | undefined; state: string }>,
  options: { timeoutMs: number; intervalMs?: number; description: string },
): Promise<T> {
  let state = '';
  return waitFor(async () => {
    const { done, state: seen } = await upstream();
    const lag = done === undefined ? await consumerLag(kafka, groups) : await realLag(kafka, await consumerLag(kafka, groups));
    state = `${seen}, lagging ${JSON.stringify(lag.slice(0, 5))}`;
    return done !== undefined && lag.length === 0 ? done : undefined;
  }, { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 2_000, description: options.description }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; last seen: ${state}`);
  });
}
