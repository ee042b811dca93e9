import { waitFor } from '@rivulet/testkit';
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
 * Of the partitions `consumerLag` reports, those that really hold a record the group has not consumed. The tail
 * of a transactional partition can be an aborted transaction (its records and the abort marker) or several
 * markers: offsets no read_committed consumer ever receives, so the committed offset stays below the end for
 * good. A throw-away read_committed consumer is placed at each group's committed offsets and reads on: a
 * record it receives is real lag; none within two completed fetches of every probed partition means there is
 * nothing left to consume.
 */
export async function realLag(kafka: Kafka, lagging: readonly Lagging[]): Promise<Lagging[]> {
  const probed = lagging.filter((l) => l.partition >= 0);
  const real: Lagging[] = lagging.filter((l) => l.partition < 0);
  if (probed.length === 0) return real;
  const groupId = `e2e-lag-probe-${Math.random().toString(36).slice(2)}`;
  const topics = [...new Set(probed.map((l) => l.topic))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const from = new Map(probed.filter((l) => l.topic === topic).map((l) => [l.partition, l.committed]));
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: from.get(p.partition) ?? p.high })) });
    }
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const seen = new Set<string>();
  let fetches = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
  consumer.on(consumer.events.FETCH, () => void (joined && fetches++));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics });
    await consumer.run({ autoCommit: false, eachMessage: async ({ topic, partition }) => void seen.add(`${topic}/${partition}`) });
    const deadline = Date.now() + 60_000;
    while (fetches < 2 * probed.length + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return [...real, ...probed.filter((l) => seen.has(`${l.topic}/${l.partition}`))];
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
