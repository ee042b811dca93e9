/** A record as the quality checks see it: decoded Avro (nested objects), or JSON. */
export type QualityRecord = Readonly<Record<string, unknown>>;

/**
 * Reads a dotted path (`address.postcode`, `envelope.event_time`). Returns `undefined` when any step is
 * missing. avsc decodes a union like `["null", PostalAddress]` to the plain value, so no union unwrapping here.
 */
export function getField(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const step of path.split('.')) {
    // Own properties only: a path like `constructor.name` must not reach into prototypes.
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Missing as a completeness check means it: absent, null, blank text or an empty list. */
export function isMissing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Epoch milliseconds from a timestamp-millis number, a bigint, or an ISO-8601 string; NaN otherwise. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
  return Number.NaN;
}

/** A value rendered for an issue's `observed_value` (short, and never `[object Object]`). */
export function renderValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
