import type { RawRecord } from './topics.js';

/**
 * `JSON.stringify(record) + "\n"` for flat records with a known field order, about 1.5x faster: the
 * `{"field":` prefixes are built once per field list and only strings that need escaping go through
 * JSON.stringify. Serialisation was the largest single cost of writing a dataset. Output is identical to
 * JSON.stringify when the record's own key order is the field order (true for every generated record).
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const prefixCache = new WeakMap<readonly string[], string[]>();

function prefixes(fields: readonly string[]): string[] {
  let cached = prefixCache.get(fields);
  if (!cached) {
    cached = fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f)}:`);
    prefixCache.set(fields, cached);
  }
  return cached;
}

export function ndjsonLine(record: RawRecord, fields: readonly string[]): string {
  const px = prefixes(fields);
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const v = record[fields[i] as string];
    line += px[i] as string;
    if (v === null || v === undefined) line += 'null';
    else if (typeof v === 'number') line += Number.isFinite(v) ? String(v) : 'null';
    else line += NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
  }
  return `${line}}\n`;
}
