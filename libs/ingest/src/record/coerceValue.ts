import type { FieldSpec } from './rawTopic.js';
import { parseTimestamp } from './parseTimestamp.js';

export type Coerced = { value: unknown } | { error: string };

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Converts one input value (a CSV string, or any JSON value) to what the field's Avro type holds.
 * - `null`/`undefined` → null when nullable, else "required".
 * - An empty or blank string is "no value" for every non-string type. For string fields it stays the
 *   empty string: CSV tells null (unquoted empty) from "" (quoted empty), and an empty value is a quality
 *   defect to report downstream, not something the edge should hide.
 * - Enums are trimmed, upper-cased, and spaces/hyphens become `_` (`in progress` → `IN_PROGRESS`).
 * Errors describe the value without quoting personal fields (they end up in responses and logs).
 */
export function coerceValue(field: FieldSpec, input: unknown): Coerced {
  const missing = input === null || input === undefined || (field.kind !== 'string' && typeof input === 'string' && input.trim() === '');
  if (missing) return field.nullable ? { value: null } : { error: 'required' };
  // Described lazily: most values are valid, and describing costs a JSON.stringify.
  const got = { toString: () => describe(field, input) };
  switch (field.kind) {
    case 'string':
      if (typeof input === 'string') return { value: input };
      if ((typeof input === 'number' && Number.isFinite(input)) || typeof input === 'boolean') return { value: String(input) };
      return { error: `expected a string, got ${got}` };
    case 'int':
    case 'long': {
      const n = toNumber(input, INTEGER);
      const ok = n !== undefined && Number.isSafeInteger(n) && (field.kind === 'long' || (n >= INT_MIN && n <= INT_MAX));
      return ok ? { value: n } : { error: `expected ${field.kind === 'int' ? 'a 32-bit integer' : 'an integer'}, got ${got}` };
    }
    case 'float':
    case 'double': {
      const n = toNumber(input, DECIMAL);
      return n !== undefined && Number.isFinite(n) ? { value: n } : { error: `expected a number, got ${got}` };
    }
    case 'boolean': {
      const s = typeof input === 'boolean' ? String(input) : typeof input === 'string' ? input.trim().toLowerCase() : '';
      if (s === 'true' || s === '1') return { value: true };
      if (s === 'false' || s === '0') return { value: false };
      return { error: `expected true or false, got ${got}` };
    }
    case 'timestamp-millis': {
      if (typeof input === 'number') return Number.isSafeInteger(input) ? { value: input } : { error: `expected epoch milliseconds, got ${got}` };
      if (typeof input !== 'string') return { error: `expected an ISO-8601 timestamp, got ${got}` };
      const parsed = parseTimestamp(input);
      return typeof parsed === 'number' ? { value: parsed } : { error: `${parsed.error}, got ${got}` };
    }
    case 'enum': {
      if (typeof input !== 'string') return { error: `expected one of ${field.symbols?.join(', ')}, got ${got}` };
      const symbol = input.trim().toUpperCase().replace(/[\s-]+/g, '_');
      return field.symbols?.includes(symbol) ? { value: symbol } : { error: `expected one of ${field.symbols?.join(', ')}, got ${got}` };
    }
  }
}

function toNumber(input: unknown, pattern: RegExp): number | undefined {
  if (typeof input === 'number') return input;
  if (typeof input === 'string' && pattern.test(input.trim())) return Number(input.trim());
  return undefined;
}

/** A short description of a value; personal fields are described by kind and length only. */
export function describe(field: Pick<FieldSpec, 'pii'>, value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (field.pii) return typeof value === 'string' ? `a value of ${value.length} characters` : `a ${typeof value}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 42 ? `${text.slice(0, 40)}…"` : text;
}
