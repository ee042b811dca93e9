/**
 * Wall-clock time in an IANA zone → UTC instant, with the two DST edge cases made explicit instead of
 * silently shifted. Built on `Intl.DateTimeFormat`, whose zone data ships with Node's ICU and is updated
 * with Node; no date library needed. (luxon resolves a time in a DST gap by moving it forward and picks an
 * offset for an ambiguous time without telling, so the caller could not report either case; Temporal is
 * not in Node 20.)
 */
export type LocalResolution =
  | { kind: 'unique'; epochMs: number }
  /** The wall time was skipped (clocks went forward): "2026-03-29 01:30" in Europe/London never happened. */
  | { kind: 'nonexistent' }
  /** The wall time happened twice (clocks went back): both instants, earlier first. */
  | { kind: 'ambiguous'; earlier: number; later: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: callers validate zones first (isValidTimeZone).
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC at `epochMs`, in ms (whole seconds; Intl does not format milliseconds here). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wall - wholeSeconds;
}

const DAY_MS = 86_400_000;

/**
 * `wallMs` is the wall-clock time written as if it were UTC (Date.UTC of its fields). The answer is every
 * instant whose wall time in `zone` equals it: an instant t = wall - offset is one when the zone's offset at
 * t is that offset. Offsets a day either side cover every real transition (none are closer than that).
 */
export function resolveLocalTime(wallMs: number, zone: string): LocalResolution {
  const before = zoneOffsetMs(zone, wallMs - DAY_MS);
  const after = zoneOffsetMs(zone, wallMs + DAY_MS);
  // No transition within a day either side (nearly always): one offset, one instant, two Intl calls.
  if (before === after) return { kind: 'unique', epochMs: wallMs - before };
  const offsets = new Set([before, zoneOffsetMs(zone, wallMs), after]);
  const instants = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((t) => zoneOffsetMs(zone, t) === wallMs - t)
    .sort((a, b) => a - b);
  const [first, second] = instants;
  if (first === undefined) return { kind: 'nonexistent' };
  if (second === undefined || second === first) return { kind: 'unique', epochMs: first };
  return { kind: 'ambiguous', earlier: first, later: second };
}
