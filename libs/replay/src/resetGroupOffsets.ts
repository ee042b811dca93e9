import type { Admin } from 'kafkajs';
import type { ResetTarget } from './offsetSpec.js';
import { assertGroupIdle, planReset, type PartitionReset } from './planReset.js';

export interface ResetOptions {
  groupId: string;
  topics: readonly string[];
  target: ResetTarget;
  /** Print the plan only: nothing is committed. */
  dryRun?: boolean;
}

export interface ResetResult {
  groupId: string;
  dryRun: boolean;
  partitions: PartitionReset[];
}

/**
 * Moves a consumer group's committed offsets. A Rivulet processor commits its offsets inside its Kafka
 * transactions (`sendOffsets`), but they are the group's ordinary committed offsets: what the group reads
 * at start. So resetting them replays the topic through the processor on its next start.
 *
 * Refuses while the group has members (they would overwrite the reset with their own commits, and Kafka
 * rejects outside commits to a live group anyway). The group state is checked again right before the
 * commit, narrowing the window in which an instance could start in between.
 */
export async function resetGroupOffsets(admin: Admin, options: ResetOptions): Promise<ResetResult> {
  await describeIdle(admin, options.groupId);
  const committed = await admin.fetchOffsets({ groupId: options.groupId, topics: [...options.topics] });
  const partitions: PartitionReset[] = [];
  for (const topic of options.topics) {
    const [bounds, wanted] = await Promise.all([admin.fetchTopicOffsets(topic), wantedOffsets(admin, topic, options.target)]);
    const current = committed.find((t) => t.topic === topic)?.partitions ?? [];
    partitions.push(
      ...planReset({
        topic,
        wanted,
        committed: new Map(current.filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, p.offset])),
        low: new Map(bounds.map((b) => [b.partition, b.low])),
        high: new Map(bounds.map((b) => [b.partition, b.high])),
      }),
    );
  }
  const dryRun = options.dryRun === true;
  if (!dryRun) {
    await describeIdle(admin, options.groupId);
    for (const topic of options.topics) {
      const seek = partitions.filter((p) => p.topic === topic).map((p) => ({ partition: p.partition, offset: p.to }));
      if (seek.length > 0) await admin.setOffsets({ groupId: options.groupId, topic, partitions: seek });
    }
  }
  return { groupId: options.groupId, dryRun, partitions };
}

async function describeIdle(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  assertGroupIdle({ groupId, state: group?.state ?? 'Dead', members: group?.members ?? [] });
}

/**
 * The offsets a target means on one topic. By time: the earliest offset whose record timestamp is at or
 * after it (ListOffsets by timestamp), or the end of the partition when nothing is that recent.
 */
async function wantedOffsets(admin: Admin, topic: string, target: ResetTarget): Promise<Map<number, string>> {
  switch (target.kind) {
    case 'time': {
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, target.timestamp);
      return new Map(offsets.map((o) => [o.partition, o.offset]));
    }
    case 'earliest': {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, o.low]));
    }
    case 'offsets':
      return new Map(target.offsets);
  }
}
