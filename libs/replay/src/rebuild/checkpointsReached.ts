/** One partition's position in a projection's checkpoint table. */
export interface Checkpoint {
  topic: string;
  partition: number;
  nextOffset: bigint;
}

/**
 * Whether `shadow` has applied at least everything `live` has, partition by partition (a partition the
 * live model never saw needs nothing). Pure: the swap calls it while the live projector is locked out.
 */
export function checkpointsReached(shadow: readonly Checkpoint[], live: readonly Checkpoint[]): boolean {
  const at = new Map(shadow.map((c) => [`${c.topic}/${c.partition}`, c.nextOffset]));
  return live.every((c) => (at.get(`${c.topic}/${c.partition}`) ?? 0n) >= c.nextOffset);
}

/**
 * Whether the shadow has caught up with the end offsets captured when the rebuild started. A partition
 * written in transactions ends with a commit marker: its last offset is never delivered to a projection,
 * so the checkpoint of a fully projected partition can be end - 1. The swap itself is exact (it compares
 * with the live checkpoints); this only decides when to attempt it.
 */
export function caughtUpWithEnd(shadow: readonly Checkpoint[], end: Record<string, Record<string, string>>): boolean {
  const at = new Map(shadow.map((c) => [`${c.topic}/${c.partition}`, c.nextOffset]));
  return Object.entries(end).every(([topic, partitions]) =>
    Object.entries(partitions).every(([p, offset]) => (at.get(`${topic}/${p}`) ?? 0n) >= BigInt(offset) - 1n),
  );
}

/** Offsets applied out of the captured end offsets (progress: done / total). */
export function offsetsApplied(shadow: readonly Checkpoint[], end: Record<string, Record<string, string>>): { done: number; total: number } {
  const at = new Map(shadow.map((c) => [`${c.topic}/${c.partition}`, c.nextOffset]));
  let done = 0n;
  let total = 0n;
  for (const [topic, partitions] of Object.entries(end)) {
    for (const [p, offset] of Object.entries(partitions)) {
      const e = BigInt(offset);
      const n = at.get(`${topic}/${p}`) ?? 0n;
      total += e;
      done += n < e ? n : e;
    }
  }
  return { done: Number(done), total: Number(total) };
}
