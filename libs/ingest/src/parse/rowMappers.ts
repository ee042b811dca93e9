import type { Options } from 'csv-parse';
import { MalformedPayloadError } from '../errors.js';
import type { InputRow } from '../record/prepareRecord.js';

/**
 * csv-parse options shared by the in-memory and the streaming parser. RFC 4180 quoting; a UTF-8 BOM is
 * dropped; blank lines are skipped. The cast keeps the generator's (and most exporters') convention that an
 * unquoted empty field is null while a quoted one (`""`) is the empty string.
 */
export const CSV_OPTIONS: Options = {
  bom: true,
  info: true,
  relax_column_count: true,
  // Explicit rather than detected from the first line, so a file with mixed CRLF and LF endings still parses.
  record_delimiter: ['\r\n', '\n', '\r'],
  skip_empty_lines: true,
  cast: (value, context) => (value === '' && !context.quoting && !context.header ? (null as unknown as string) : value),
};

/** What csv-parse emits per row with `info: true`. */
export interface CsvParsedRow {
  record: Array<string | null>;
  info: { lines: number };
}

/**
 * Maps csv-parse rows to input rows: the first row is the header (names trimmed, must be unique and
 * non-empty); a row whose field count differs from the header's is an error row, the rest go on.
 */
export function createCsvRowMapper(): (row: CsvParsedRow) => InputRow | undefined {
  let header: string[] | undefined;
  let index = 0;
  return ({ record, info }) => {
    if (!header) {
      header = record.map((name) => (name ?? '').trim());
      const duplicate = header.find((name, i) => header!.indexOf(name) !== i);
      if (header.some((name) => name === '')) throw new MalformedPayloadError('CSV header has an empty column name');
      if (duplicate !== undefined) throw new MalformedPayloadError(`CSV header names column "${duplicate}" twice`);
      return undefined;
    }
    const at = { index: index++, line: info.lines };
    if (record.length !== header.length) return { ...at, error: `row has ${record.length} fields, the header has ${header.length}` };
    const fields: Record<string, unknown> = {};
    header.forEach((name, i) => { fields[name] = record[i]; });
    return { ...at, record: fields };
  };
}

/**
 * Maps NDJSON lines to input rows: blank lines (whitespace only, or a trailing CR) are skipped and not
 * counted; a line that is not a JSON object is an error row naming its line.
 */
export function createNdjsonLineMapper(): (text: string) => InputRow | undefined {
  let line = 0;
  let index = 0;
  return (text) => {
    line += 1;
    if (text.trim() === '') return undefined;
    return objectRow(text, { index: index++, line });
  };
}

/** One JSON text that must be an object. */
export function objectRow(text: string, at: { index: number; line?: number }): InputRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ...at, error: `not valid JSON: ${(error as Error).message}` };
  }
  return asObjectRow(parsed, at);
}

export function asObjectRow(value: unknown, at: { index: number; line?: number }): InputRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ...at, error: `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  }
  return { ...at, record: value as Record<string, unknown> };
}
