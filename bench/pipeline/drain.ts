import type { Knex } from 'knex';
import type { Admin } from 'kafkajs';

type Ends = Map<string, Map<number, bigint>>;

/** The current end offset of every partition of `topics`. */
export async function endOffsets(admin: Admin, topics: readonly string[]): Promise<Ends> {
  const out: Ends = new Map();
  for (const topic of topics) out.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
  return out;
}

/** Whether `position` (topic → partition → next offset) is at or past every end in `ends`. */
export function reached(position: Ends, ends: Ends): boolean {
  for (const [topic, partitions] of ends) {
    for (const [partition, end] of partitions) if ((position.get(topic)?.get(partition) ?? 0n) < end) return false; // -1: none committed, same as 0
  }
  return true;
}

/**
 * Where a consumer stands once it has read everything of `ends` in a topic written in Kafka transactions:
 * each transaction ends with a commit marker in every partition it wrote, which occupies an offset but is
 * never delivered, so a consumer that read the last record commits `end - 1`. Partitions nothing was written
 * to since `placed` keep their end. (Aborted transactions leave more invisible offsets; the benchmark's
 * processors only abort on failures, which would show in their logs.)
 */
export function lastRecordEnds(ends: Ends, placed: Ends): Ends {
  const out: Ends = new Map();
  for (const [topic, partitions] of ends) {
    out.set(topic, new Map([...partitions].map(([partition, end]) => [partition, end > (placed.get(topic)?.get(partition) ?? 0n) ? end - 1n : end])));
  }
  return out;
}

/** A Kafka consumer group's committed offsets. */
export async function groupPosition(admin: Admin, groupId: string, topics: readonly string[]): Promise<Ends> {
  const out: Ends = new Map();
  for (const t of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
    out.set(t.topic, new Map(t.partitions.map((p) => [p.partition, BigInt(p.offset)])));
  }
  return out;
}

/** A PostgreSQL checkpoint's positions (projection_checkpoints), for apps whose position lives there. */
export async function checkpointPosition(db: Knex, projection: string): Promise<Ends> {
  const out: Ends = new Map();
  for (const row of await db('projection_checkpoints').where({ projection }).select<{ topic: string; partition: number; next_offset: string }[]>('topic', 'partition', 'next_offset')) {
    let partitions = out.get(row.topic);
    if (!partitions) out.set(row.topic, (partitions = new Map()));
    partitions.set(row.partition, BigInt(row.next_offset));
  }
  return out;
}

/** `position` with `floor` filled in where the app has no position yet (it consumed nothing there since then). */
export function withFloor(position: Ends, floor: Ends): Ends {
  const out: Ends = new Map([...floor].map(([t, ps]) => [t, new Map(ps)]));
  for (const [topic, partitions] of position) {
    let target = out.get(topic);
    if (!target) out.set(topic, (target = new Map()));
    for (const [partition, offset] of partitions) target.set(partition, offset);
  }
  return out;
}

/**
 * The partitions of `ends` where `position` is behind, with where it stands: the candidates for a probe
 * (`partitionsWithRecordsFrom`) when each is only a few offsets short, which markers or an aborted
 * transaction at the tail explain. `slack`: how many offsets short still counts as "a few".
 */
export function nearlyReached(position: Ends, ends: Ends, slack: bigint): { topic: string; partition: number; offset: string }[] | null {
  const behind: { topic: string; partition: number; offset: string }[] = [];
  for (const [topic, partitions] of ends) {
    for (const [partition, end] of partitions) {
      const at = position.get(topic)?.get(partition) ?? 0n;
      if (at >= end) continue;
      if (end - at > slack) return null;
      behind.push({ topic, partition, offset: at.toString() });
    }
  }
  return behind;
}
