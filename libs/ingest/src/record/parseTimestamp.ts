// ISO-8601 as exporters write it: a date, optionally a time (seconds and fraction optional), and then a zone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch milliseconds of an ISO-8601 date or date-time, or an error message.
 * - A date alone (`2024-01-31`) is UTC midnight.
 * - A date-time must carry `Z` or an offset: a local time means a different instant on every machine, so
 *   guessing would silently shift events by hours.
 * - Calendar-impossible values (`2024-02-30`, `25:00`) are refused, where `Date.parse` would roll them over.
 * - Digits only are taken as epoch milliseconds already.
 */
export function parseTimestamp(text: string): number | { error: string } {
  const s = text.trim();
  if (/^[+-]?\d+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : { error: 'epoch milliseconds out of range' };
  }
  const m = ISO.exec(s);
  if (!m) return { error: 'expected an ISO-8601 timestamp such as 2024-01-31T09:15:00Z' };
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h ?? 0), minute = Number(mi ?? 0), second = Number(sec ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { error: `no such date ${y}-${mo}-${d}` };
  if (hour > 23 || minute > 59 || second > 59) return { error: 'no such time of day' };
  if (h !== undefined && zone === undefined) return { error: 'a date-time needs a zone (Z or +hh:mm)' };
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return { error: `no such UTC offset ${zone}` };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
