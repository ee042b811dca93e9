import type { RawValue } from './topics.js';

/**
 * RFC 4180 CSV, with one convention on top: `null` is an empty unquoted field and the empty string is `""`,
 * so "missing" and "empty" defects survive the CSV round trip. Rows end in "\n"; line breaks inside quoted
 * fields are kept as they are.
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: RawValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = value;
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly RawValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i] as RawValue);
  return `${line}\n`;
}

/** Parses what `csvRow` writes (and any RFC 4180 text); unquoted empty fields come back as `null`. */
export function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new SyntaxError('unterminated quoted CSV field');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === text.length) row.push(null);
    } else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** `csvRow` of a record's fields in the given order, without building the intermediate array. */
export function csvRecordRow(record: Readonly<Record<string, RawValue>>, fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(record[fields[i] as string] ?? null);
  return `${line}\n`;
}
