import type { Admin } from 'kafkajs';
import type { EndOffsets } from './replayJobs.js';

/** High watermarks of every topic now: what "caught up" means for a rebuild started now. */
export async function fetchEndOffsets(admin: Admin, topics: readonly string[]): Promise<EndOffsets> {
  const result: EndOffsets = {};
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    result[topic] = Object.fromEntries(offsets.map((o) => [String(o.partition), o.high]));
  }
  return result;
}
