import { validationProblems } from '@rivulet/registry';
import { buildEnvelope, type EnvelopeContext, type RawEnvelope } from './buildEnvelope.js';
import { coerceRecord } from './coerceRecord.js';
import type { RawTopic } from './rawTopic.js';

/** One input row: a parsed record, or the reason it could not be parsed. */
export interface InputRow {
  /** 0-based position in the batch or file (data rows only: a CSV header is not counted). */
  index: number;
  /** 1-based line in the payload, where the format has lines. */
  line?: number;
  record?: Readonly<Record<string, unknown>>;
  error?: string;
}

/** A record ready to encrypt, encode and publish. `value` still holds personal fields in clear text. */
export interface PreparedRecord {
  index: number;
  recordId: string;
  key: string;
  eventId: string;
  subjectId: string | null;
  value: { envelope: RawEnvelope } & Record<string, unknown>;
}

export interface Rejection {
  index: number;
  line?: number;
  recordId?: string;
  reasons: string[];
}

export type Prepared = { ok: true; record: PreparedRecord } | { ok: false; rejection: Rejection };

/**
 * Coerces and validates one row and wraps it in its envelope. The final Avro check is a safety net: the
 * coercion already produces valid values, so a problem here is a bug, reported as a rejection rather than
 * a crash so one record cannot fail a whole batch.
 */
export function prepareRecord(topic: RawTopic, row: InputRow, ctx: EnvelopeContext): Prepared {
  const where = { index: row.index, ...(row.line !== undefined ? { line: row.line } : {}) };
  if (row.error !== undefined || row.record === undefined) return { ok: false, rejection: { ...where, reasons: [row.error ?? 'no record'] } };
  const rawId = row.record[topic.idField];
  const recordId = typeof rawId === 'string' || typeof rawId === 'number' ? { recordId: String(rawId) } : {};
  const coerced = coerceRecord(topic, row.record);
  if (!coerced.ok) return { ok: false, rejection: { ...where, ...recordId, reasons: coerced.reasons } };
  const { key, envelope } = buildEnvelope(topic, coerced.value, ctx);
  const value = { envelope, ...coerced.value };
  const problems = validationProblems(topic.type, value);
  if (problems.length > 0) return { ok: false, rejection: { ...where, ...recordId, reasons: problems } };
  return {
    ok: true,
    record: { index: row.index, recordId: String(coerced.value[topic.idField]), key, eventId: envelope.event_id, subjectId: envelope.pii_subject_id, value },
  };
}
