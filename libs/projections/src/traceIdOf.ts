import type { Envelope } from '@rivulet/contracts';

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const VALID_TRACE_ID = /^(?!0{32})[\da-f]{32}$/;

/**
 * The trace a record belongs to, for the read model's `trace_id`: the producer's `traceparent` header (the
 * same trace the projector's consumer span joins), else the envelope's copy, else none.
 *
 * Only what the log carries counts, so a rebuild writes the same value as the live projection (issue #10).
 * The projector's own span is deliberately not a fallback: for a record without upstream context (RCA
 * findings and alerts are published outside any trace) it is a fresh random trace on every run, and a
 * rebuild's rows then differed from the live ones in `rca_analyses` and `alerts`, and nothing else.
 */
export function traceIdOf(event: { headers: Record<string, string> }, envelope?: Pick<Envelope, 'trace_id'> | null): string | null {
  const fromHeader = TRACEPARENT.exec(event.headers.traceparent ?? '')?.[1];
  if (fromHeader && VALID_TRACE_ID.test(fromHeader)) return fromHeader;
  if (envelope?.trace_id && VALID_TRACE_ID.test(envelope.trace_id)) return envelope.trace_id;
  return null;
}
