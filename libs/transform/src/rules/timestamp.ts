import { invalid, valid, type RuleResult } from './ruleResult.js';
import { isValidTimeZone, resolveLocalTime } from './zonedTime.js';

export interface TimestampOptions {
  /** IANA zone of local times without an offset ("2026-03-29 01:30"); without it such values are invalid. */
  zone?: string;
  /**
   * A local time that occurs twice (autumn DST change). "earlier" (default) is the first occurrence, i.e.
   * the offset before the change: what java.time, RFC 5545 and Temporal's "compatible" choose, and for
   * event logs written in order it is the likelier reading. "reject" makes it invalid.
   */
  ambiguous?: 'earlier' | 'later' | 'reject';
  /** Unit of numeric input (epoch). Default "ms", what Avro timestamp-millis and the raw contract use. */
  epochUnit?: 'ms' | 's';
}

const RULE = 'timestamp';
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Any timestamp a source sends → UTC epoch milliseconds (the canonical `timestamp-millis`), shown as
 * ISO-8601 in history. Accepts epoch numbers (or digit strings), ISO-8601 with "Z" or an offset, and local
 * date-times (or dates, meaning local midnight) in `options.zone`. Sub-millisecond digits are truncated.
 * A local time skipped by a DST change is invalid ("timestamp_nonexistent_local_time"), never shifted.
 */
export function normalizeTimestamp(input: unknown, options: TimestampOptions = {}): RuleResult<number | null> {
  if (typeof input === 'number' || (typeof input === 'string' && /^-?\d{9,}$/.test(input.trim()))) {
    const n = Number(input);
    if (!Number.isSafeInteger(n)) return invalid(RULE, 'timestamp_not_an_integer');
    const ms = options.epochUnit === 's' ? n * 1000 : n;
    return fromEpoch(ms, ms !== input);
  }
  if (input instanceof Date) return fromEpoch(input.getTime(), true);
  if (typeof input !== 'string') return invalid(RULE, 'not_a_string');
  const text = input.trim();
  if (text === '') return valid(RULE, null, true);
  const m = PATTERN.exec(text);
  if (!m) return invalid(RULE, 'timestamp_unparseable');
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const wall = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (!fieldsInRange(fields, wall)) return invalid(RULE, 'timestamp_out_of_range');
  if (offset !== undefined) return fromEpoch(wall - offsetMs(offset), true);
  if (!options.zone) return invalid(RULE, 'timestamp_local_without_zone');
  if (!isValidTimeZone(options.zone)) return invalid(RULE, 'timestamp_unknown_zone');
  const resolved = resolveLocalTime(wall, options.zone);
  switch (resolved.kind) {
    case 'unique':
      return fromEpoch(resolved.epochMs, true);
    case 'nonexistent':
      return invalid(RULE, 'timestamp_nonexistent_local_time');
    case 'ambiguous':
      if (options.ambiguous === 'reject') return invalid(RULE, 'timestamp_ambiguous_local_time');
      return fromEpoch(options.ambiguous === 'later' ? resolved.later : resolved.earlier, true);
  }
}

/** UTC ISO-8601 ("2026-03-29T00:30:00.000Z") of the same input: for APIs that want text. */
export function toUtcIso(input: unknown, options: TimestampOptions = {}): RuleResult<string | null> {
  const result = normalizeTimestamp(input, options);
  if (!result.ok || result.value === null) return result as RuleResult<null>;
  const iso = new Date(result.value).toISOString();
  return valid(RULE, iso, iso !== input);
}

function fromEpoch(ms: number, changed: boolean): RuleResult<number> {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return invalid(RULE, 'timestamp_out_of_range');
  return valid(RULE, ms, changed, date.toISOString());
}

/** Date.UTC rolls "02-30" over to March; a real date keeps its fields. Leap seconds (":60") are refused. */
function fieldsInRange(f: readonly [number, number, number, number, number, number], wall: number): boolean {
  const date = new Date(wall);
  return date.getUTCFullYear() === f[0] && date.getUTCMonth() === f[1] - 1 && date.getUTCDate() === f[2]
    && f[3] < 24 && f[4] < 60 && f[5] < 60;
}

function offsetMs(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
}
