import { ROOT_CONTEXT, SpanKind, SpanStatusCode, propagation, trace, type Span } from '@opentelemetry/api';
import { valueSubject } from '@rivulet/contracts';
import { IngestError } from '../errors.js';
import { prepareRecord, type InputRow, type PreparedRecord, type Rejection } from '../record/prepareRecord.js';
import type { RawTopic } from '../record/rawTopic.js';
import { mapLimit } from './mapLimit.js';
import type { OutgoingMessage, Publisher } from './publisher.js';

const tracer = trace.getTracer('@rivulet/ingest');

/** Encrypts the personal fields of one record value (a copy); `@rivulet/pii`'s `protectRecord` bound to a cipher. */
export type ProtectRecord = (
  topic: RawTopic,
  value: Record<string, unknown>,
  ctx: { tenantId: string; subjectId: string },
) => Promise<Record<string, unknown>>;

export interface IngestDeps {
  /** Confluent-framed Avro for a subject (`@rivulet/registry` AvroSerde). */
  serde: { encode(subject: string, value: unknown): Promise<Buffer> };
  publisher: Publisher;
  /** Required for topics with personal fields: plaintext never reaches Kafka. */
  protect?: ProtectRecord;
  /**
   * Loads the data keys of a batch's subjects in one key-store batch before `protect` runs (the cipher's
   * `prepare`); without it every new subject costs its own round trips.
   */
  prepareKeys?: (tenantId: string, subjectIds: string[]) => Promise<void>;
  now: () => number;
  /** Key-store calls in flight per batch. Default 16. */
  protectConcurrency?: number;
}

export interface AcceptedRecord {
  index: number;
  recordId: string;
  eventId: string;
}

export interface BatchResult {
  accepted: AcceptedRecord[];
  rejected: Rejection[];
}

/**
 * The one ingest path (HTTP, CLI and drop folder all call it): validate and envelope every row, encrypt
 * personal fields, encode, and publish the valid records in one acknowledged write.
 *
 * Promise: when it resolves, every `accepted` record was acknowledged by Kafka (acks=all); when it throws,
 * the caller must not report anything as accepted. Invalid rows never stop the valid ones (partial batch).
 * Each record gets a root PRODUCER span (the edge starts the trace) whose W3C context travels in the
 * message headers and whose trace id is copied into `envelope.trace_id`.
 * Errors: retriable `IngestError`s (and the registry's/key store's own retriable errors) mean "try again
 * later"; a record whose subject was erased is rejected, not fatal.
 */
export async function ingestBatch(deps: IngestDeps, topic: RawTopic, tenantId: string, rows: readonly InputRow[]): Promise<BatchResult> {
  if (topic.hasPii && !deps.protect) throw new IngestError(`${topic.topic} carries personal fields and no cipher is configured`);
  const ingestTime = deps.now();
  const rejected: Rejection[] = [];
  const prepared: PreparedRecord[] = [];
  for (const row of rows) {
    const result = prepareRecord(topic, row, { tenantId, ingestTime });
    if (result.ok) prepared.push(result.record);
    else rejected.push(result.rejection);
  }

  if (topic.hasPii && deps.protect && deps.prepareKeys) {
    try {
      await deps.prepareKeys(tenantId, prepared.flatMap((r) => (r.subjectId ? [r.subjectId] : [])));
    } catch (error) {
      // A subject-level problem is reported per record by `protect` below; only "try again later" stops here.
      if (isRetriable(error)) throw error;
    }
  }
  const protectedRecords = await mapLimit(prepared, deps.protectConcurrency ?? 16, async (record) => {
    if (!record.subjectId || !deps.protect) return record;
    try {
      return { ...record, value: (await deps.protect(topic, record.value, { tenantId, subjectId: record.subjectId })) as PreparedRecord['value'] };
    } catch (error) {
      if (isRetriable(error)) throw error;
      rejected.push({ index: record.index, recordId: record.recordId, reasons: [`personal data cannot be stored: ${(error as Error).message}`] });
      return undefined;
    }
  });
  const ready = protectedRecords.filter((r): r is PreparedRecord => r !== undefined);

  const spans: Span[] = [];
  try {
    const messages: OutgoingMessage[] = [];
    for (const record of ready) {
      const span = tracer.startSpan(`send ${topic.topic}`, {
        kind: SpanKind.PRODUCER,
        root: true,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic.topic,
          'messaging.kafka.message.key': record.key,
          'rivulet.event_id': record.eventId,
        },
      });
      spans.push(span);
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
      const traceId = span.spanContext().traceId;
      const value = { ...record.value, envelope: { ...record.value.envelope, trace_id: trace.isSpanContextValid(span.spanContext()) ? traceId : null } };
      messages.push({ key: record.key, value: await deps.serde.encode(valueSubject(topic.topic), value), headers });
    }
    await deps.publisher.publish(topic.topic, messages);
    for (const span of spans) span.end();
  } catch (error) {
    for (const span of spans) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span.end();
    }
    throw error;
  }
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: ready.map((r) => ({ index: r.index, recordId: r.recordId, eventId: r.eventId })), rejected };
}

function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
