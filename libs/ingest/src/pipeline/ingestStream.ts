import { IngestError } from '../errors.js';
import type { InputRow, Rejection } from '../record/prepareRecord.js';
import type { RawTopic } from '../record/rawTopic.js';
import { ingestBatch, type IngestDeps } from './ingestBatch.js';

export interface StreamOptions {
  /** Records per acknowledged write. Default 500. */
  batchSize?: number;
  /** Stop (throwing `TooManyRejectionsError`) once more records than this were rejected. Default: never. */
  maxErrors?: number;
  /** Rejections kept for the summary (the count is always exact). Default 20. */
  keepRejections?: number;
  /** Called after every acknowledged batch (progress bars, logs). */
  onProgress?: (progress: { accepted: number; rejected: number }) => void;
}

export interface StreamSummary {
  accepted: number;
  rejected: number;
  /** The first `keepRejections` rejections, in input order. */
  rejections: Rejection[];
}

/** More records were rejected than `maxErrors` allows; what was acknowledged before stays published. */
export class TooManyRejectionsError extends IngestError {
  constructor(readonly summary: StreamSummary, maxErrors: number) {
    super(`more than ${maxErrors} records were rejected; stopped after ${summary.accepted} accepted`);
  }
}

/**
 * Ingests rows of any number in batches: each batch is acknowledged before the next is read, so memory is
 * bounded by one batch and an interruption loses nothing that was reported. Re-running the same input
 * after a failure re-sends the same event ids (deterministic), which downstream deduplicates.
 */
export async function ingestStream(
  deps: IngestDeps,
  topic: RawTopic,
  tenantId: string,
  rows: AsyncIterable<InputRow> | Iterable<InputRow>,
  options: StreamOptions = {},
): Promise<StreamSummary> {
  const { batchSize = 500, maxErrors = Number.POSITIVE_INFINITY, keepRejections = 20 } = options;
  const summary: StreamSummary = { accepted: 0, rejected: 0, rejections: [] };
  let batch: InputRow[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await ingestBatch(deps, topic, tenantId, batch);
    batch = [];
    summary.accepted += result.accepted.length;
    summary.rejected += result.rejected.length;
    for (const rejection of result.rejected) if (summary.rejections.length < keepRejections) summary.rejections.push(rejection);
    options.onProgress?.({ accepted: summary.accepted, rejected: summary.rejected });
    if (summary.rejected > maxErrors) throw new TooManyRejectionsError(summary, maxErrors);
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}
