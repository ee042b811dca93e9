import type { Envelope } from '@rivulet/contracts';

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const VALID_TRACE_ID = /^(?!0{32})[\da-f]{32}$/;

/**
 * The trace a record belongs to, for the read model's `trace_id`. Deterministic sources come first so a
 * rebuild writes the same value as the live projection: the producer's `traceparent` header (the same
 * trace the projector's consumer span joins), then the envelope's copy. The projector's own span trace is
 * the last resort: with no upstream context it is a fresh random id (all zeros without an SDK, which we
 * treat as none).
 */
export function traceIdOf(event: { headers: Record<string, string>; traceId: string | null }, envelope?: Pick<Envelope, 'trace_id'> | null): string | null {
  const fromHeader = TRACEPARENT.exec(event.headers.traceparent ?? '')?.[1];
  if (fromHeader && VALID_TRACE_ID.test(fromHeader)) return fromHeader;
  if (envelope?.trace_id && VALID_TRACE_ID.test(envelope.trace_id)) return envelope.trace_id;
  if (event.traceId && VALID_TRACE_ID.test(event.traceId)) return event.traceId;
  return null;
}
