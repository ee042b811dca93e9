import { parse as parseCsvSync } from 'csv-parse/sync';
import { MalformedPayloadError } from '../errors.js';
import type { InputRow } from '../record/prepareRecord.js';
import type { IngestFormat } from './formats.js';
import { asObjectRow, createCsvRowMapper, createNdjsonLineMapper, CSV_OPTIONS, type CsvParsedRow } from './rowMappers.js';

/**
 * Parses a whole request body (already size-limited by the caller) into input rows. Row-level problems
 * (one bad NDJSON line, one CSV row with too many fields, an array element that is not an object) become
 * error rows so the rest of the batch goes on; a payload that cannot be read at all throws
 * `MalformedPayloadError`. Files of any size go through `streamRows` instead.
 */
export function parsePayload(format: IngestFormat, body: string): InputRow[] {
  switch (format) {
    case 'json':
      return parseJsonArray(body);
    case 'ndjson':
      return parseNdjson(body);
    case 'csv':
      return parseCsv(body);
  }
}

export function parseJsonArray(body: string): InputRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedPayloadError(`body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  // A single object is accepted as a batch of one: clients posting one record should not need brackets.
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item, index) => asObjectRow(item, { index }));
}

export function parseNdjson(body: string): InputRow[] {
  const map = createNdjsonLineMapper();
  return body.split('\n').flatMap((line) => map(line) ?? []);
}

export function parseCsv(body: string): InputRow[] {
  let rows: CsvParsedRow[];
  try {
    rows = parseCsvSync(body, CSV_OPTIONS) as unknown as CsvParsedRow[];
  } catch (error) {
    throw new MalformedPayloadError(`CSV cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (rows.length === 0) throw new MalformedPayloadError('CSV is empty: expected a header row');
  const map = createCsvRowMapper();
  return rows.flatMap((row) => map(row) ?? []);
}
