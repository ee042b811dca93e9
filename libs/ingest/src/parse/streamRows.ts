import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CsvError, parse as parseCsvStream } from 'csv-parse';
import { MalformedPayloadError } from '../errors.js';
import type { InputRow } from '../record/prepareRecord.js';
import type { IngestFormat } from './formats.js';
import { createCsvRowMapper, createNdjsonLineMapper, CSV_OPTIONS, type CsvParsedRow } from './rowMappers.js';

/**
 * Input rows of a stream (a file, stdin), one at a time with backpressure: memory stays bounded by one row
 * whatever the size of the input. A JSON array cannot be streamed row by row without a streaming JSON
 * parser, so files use CSV or NDJSON.
 */
export async function* streamRows(format: IngestFormat, input: Readable): AsyncGenerator<InputRow> {
  if (format === 'ndjson') {
    const map = createNdjsonLineMapper();
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      const row = map(line);
      if (row) yield row;
    }
    return;
  }
  if (format === 'csv') {
    const map = createCsvRowMapper();
    const parser = input.pipe(parseCsvStream(CSV_OPTIONS));
    // A read error of the source does not propagate through pipe(): forward it so the loop ends with it.
    input.once('error', (error) => parser.destroy(error));
    let sawHeader = false;
    try {
      for await (const parsed of parser as AsyncIterable<CsvParsedRow>) {
        sawHeader = true;
        const row = map(parsed);
        if (row) yield row;
      }
    } catch (error) {
      // Quoting errors are the input's fault; anything else (a read error of the source) passes through.
      if (error instanceof CsvError) throw new MalformedPayloadError(`CSV cannot be read: ${error.message}`, { cause: error });
      throw error;
    }
    if (!sawHeader) throw new MalformedPayloadError('CSV is empty: expected a header row');
    return;
  }
  throw new MalformedPayloadError('a JSON array cannot be streamed; use NDJSON (one object per line) or CSV for files');
}
