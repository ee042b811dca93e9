import { IngestError, TooManyRejectionsError, type StreamSummary } from '@rivulet/ingest';

export type FileOutcome =
  | { stage: 'done'; report?: Record<string, unknown> }
  | { stage: 'failed'; report: Record<string, unknown> }
  | { stage: 'retry' };

/**
 * Where a drop file goes after ingestion. Pure, so the policy is testable:
 * - a retriable failure (broker, registry, key store down) → retry later, the file is not at fault;
 * - any other failure, or no record accepted → failed/ with the reason;
 * - otherwise done/, with a report when some records were rejected.
 */
export function fileOutcome(summary: StreamSummary | undefined, failure: unknown): FileOutcome {
  const counts = summary ? { accepted: summary.accepted, rejected: summary.rejected, rejections: summary.rejections } : {};
  if (failure !== undefined) {
    if ((failure as { retriable?: unknown }).retriable === true) return { stage: 'retry' };
    const error = failure instanceof TooManyRejectionsError ? failure.message
      : failure instanceof IngestError ? failure.message
      : `cannot read the file: ${(failure as Error).message}`;
    return { stage: 'failed', report: { error, ...counts } };
  }
  if (!summary || summary.accepted === 0) {
    return { stage: 'failed', report: { error: summary?.rejected ? `none of the ${summary.rejected} records is valid` : 'the file holds no records', ...counts } };
  }
  return summary.rejected > 0 ? { stage: 'done', report: counts } : { stage: 'done' };
}
