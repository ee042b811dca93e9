import { createHash } from 'node:crypto';
import type { CopyState } from './copyState.js';
import { InvalidReplayInputError } from './errors.js';

/**
 * A deterministic job id from what is copied, so running the same command again resumes the same job
 * (same transactional id, same committed offsets) instead of starting a duplicate one.
 */
export function copyJobId(input: { from: string; to: string; fromTime?: number; toTime?: number }): string {
  const range = createHash('sha256').update(`${input.fromTime ?? ''}|${input.toTime ?? ''}`).digest('hex').slice(0, 8);
  return `copy.${input.from}.to.${input.to}.${range}`;
}

/**
 * Fixes the job's range per source partition. Order per partition survives only if a source partition maps
 * to one target partition: the same number when the target has at least as many partitions, otherwise the
 * key hash (records of one key stay together and in order; records of one source partition may spread).
 */
export function planCopy(input: {
  jobId: string;
  from: string;
  to: string;
  fromTime?: number;
  toTime?: number;
  sourcePartitions: number;
  targetPartitions: number;
  start: ReadonlyMap<number, string>;
  end: ReadonlyMap<number, string>;
  now: Date;
}): CopyState {
  if (input.from === input.to) throw new InvalidReplayInputError('--from and --to must be different topics');
  if (input.fromTime !== undefined && input.toTime !== undefined && input.toTime <= input.fromTime) {
    throw new InvalidReplayInputError('--to-time must be after --from-time');
  }
  const partitions: CopyState['partitions'] = {};
  for (let p = 0; p < input.sourcePartitions; p++) {
    const start = BigInt(input.start.get(p) ?? '0');
    const end = BigInt(input.end.get(p) ?? '0');
    const clampedEnd = end < start ? start : end;
    partitions[p] = { start: start.toString(), end: clampedEnd.toString(), next: start.toString(), copied: 0 };
  }
  const at = input.now.toISOString();
  return {
    jobId: input.jobId,
    from: input.from,
    to: input.to,
    ...(input.fromTime !== undefined ? { fromTime: input.fromTime } : {}),
    ...(input.toTime !== undefined ? { toTime: input.toTime } : {}),
    routing: input.targetPartitions >= input.sourcePartitions ? 'same-partition' : 'key-hash',
    partitions,
    status: 'running',
    createdAt: at,
    updatedAt: at,
  };
}

/** Offsets still to copy (an upper bound: transaction markers and aborted records take offsets too). */
export function copyTotals(state: CopyState): { total: number; copied: number; remaining: number } {
  let total = 0;
  let copied = 0;
  let remaining = 0;
  for (const p of Object.values(state.partitions)) {
    total += Number(BigInt(p.end) - BigInt(p.start));
    copied += p.copied;
    remaining += Number(BigInt(p.end) - BigInt(p.next));
  }
  return { total, copied, remaining };
}
