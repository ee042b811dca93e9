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

/**
 * When to attempt the swap: every partition captured at start is caught up with its end offset (see
 * `caughtUpWithEnd`) or, where it is not, the shadow has reached the live checkpoint of that partition. A
 * partition whose tail is an aborted transaction (its records and its marker) or several markers never
 * delivers its last offsets, so its end is out of reach, but the live projection meets the same gap. A
 * partition the live model never saw must reach the end. The swap compares exactly again under its locks.
 */
export function readyToSwap(shadow: readonly Checkpoint[], end: Record<string, Record<string, string>>, live: readonly Checkpoint[]): boolean {
  const at = new Map(shadow.map((c) => [`${c.topic}/${c.partition}`, c.nextOffset]));
  const liveAt = new Map(live.map((c) => [`${c.topic}/${c.partition}`, c.nextOffset]));
  return Object.entries(end).every(([topic, partitions]) =>
    Object.entries(partitions).every(([p, offset]) => {
      const n = at.get(`${topic}/${p}`) ?? 0n;
      const l = liveAt.get(`${topic}/${p}`);
      return n >= BigInt(offset) - 1n || (l !== undefined && n >= l);
    }),
  );
}
