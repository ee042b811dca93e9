import { InvalidReplayInputError } from './errors.js';

/** Where to move a group's offsets: a point in time, explicit offsets per partition, or the beginning. */
export type ResetTarget =
  | { kind: 'time'; timestamp: number }
  | { kind: 'offsets'; offsets: ReadonlyMap<number, string> }
  | { kind: 'earliest' };

/**
 * Parses `P:O,P:O` (partition:offset) as given to `--to-offset`. Offsets stay strings (Kafka offsets are
 * int64; JS numbers lose precision past 2^53).
 */
export function parseOffsetSpec(spec: string): Map<number, string> {
  const offsets = new Map<number, string>();
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(\d+):(\d+)$/.exec(part);
    if (!match) throw new InvalidReplayInputError(`offset "${part}" is not partition:offset (e.g. 0:1200,1:980)`);
    const partition = Number(match[1]);
    if (offsets.has(partition)) throw new InvalidReplayInputError(`partition ${partition} is given twice`);
    offsets.set(partition, BigInt(match[2]!).toString());
  }
  if (offsets.size === 0) throw new InvalidReplayInputError('no offsets given');
  return offsets;
}

/** Parses an ISO-8601 time with an explicit zone (`Z` or `+hh:mm`), so a reset never depends on the local zone. */
export function parseInstant(text: string, flag = 'time'): number {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    throw new InvalidReplayInputError(`${flag} "${text}" needs a zone, e.g. 2026-11-20T10:00:00Z`);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidReplayInputError(`${flag} "${text}" is not an ISO-8601 time`);
  return ms;
}

/** Exactly one of the three ways to say where to go; anything else is a usage error. */
export function resetTargetFrom(options: { toTime?: string; toOffset?: string; toEarliest?: boolean }): ResetTarget {
  const given = [options.toTime !== undefined, options.toOffset !== undefined, options.toEarliest === true].filter(Boolean).length;
  if (given !== 1) throw new InvalidReplayInputError('give exactly one of --to-time, --to-offset, --to-earliest');
  if (options.toTime !== undefined) return { kind: 'time', timestamp: parseInstant(options.toTime, '--to-time') };
  if (options.toOffset !== undefined) return { kind: 'offsets', offsets: parseOffsetSpec(options.toOffset) };
  return { kind: 'earliest' };
}
