import { UnsupportedFormatError } from '../errors.js';

export type IngestFormat = 'json' | 'ndjson' | 'csv';

const BY_MEDIA_TYPE: Readonly<Record<string, IngestFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json-seq': 'ndjson',
  'text/csv': 'csv',
  'application/csv': 'csv',
};

/** Format of an HTTP body from its `Content-Type` (parameters such as `charset` are ignored). */
export function formatFromContentType(contentType: string | undefined): IngestFormat {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const format = BY_MEDIA_TYPE[media];
  if (!format) {
    throw new UnsupportedFormatError(`content type "${media || '(none)'}" is not supported; send application/json (an array), application/x-ndjson or text/csv`);
  }
  return format;
}

/** Format of a file from its extension (`.csv`, `.ndjson`, `.jsonl`, `.json`), case-insensitive. */
export function formatFromFileName(name: string): IngestFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  throw new UnsupportedFormatError(`cannot tell the format of "${name}" from its extension; use .csv or .ndjson (or give the format)`);
}

export function isIngestFormat(value: string): value is IngestFormat {
  return value === 'json' || value === 'ndjson' || value === 'csv';
}
