import { createHash } from 'node:crypto';
import { deterministicEventId, formatKey } from '@rivulet/contracts';
import type { RawTopic } from './rawTopic.js';

/** `io.rivulet.common.Envelope` as raw events carry it. */
export interface RawEnvelope {
  event_id: string;
  tenant_id: string;
  source_system: string;
  event_time: number;
  ingest_time: number;
  schema_version: number;
  lineage: null;
  pii_subject_id: string | null;
  trace_id: string | null;
}

/** Contract version written in `envelope.schema_version` (the registry id travels in the message frame). */
export const RAW_SCHEMA_VERSION = 1;

export interface EnvelopeContext {
  tenantId: string;
  /** When the edge accepted the record (epoch ms); passed in so this stays pure. */
  ingestTime: number;
  schemaVersion?: number;
  traceId?: string | null;
}

/**
 * The record's revision for its event id: the version field (`updated_at`) where the source has one,
 * else a SHA-256 of the payload in contract order. Computed on the clear-text payload, before encryption,
 * because ciphertext is randomised and would give every re-send a new id.
 */
export function recordVersion(topic: RawTopic, payload: Readonly<Record<string, unknown>>): string | number {
  if (topic.versionField) return payload[topic.versionField] as number;
  // One JSON array in contract order: unambiguous (values are escaped) and independent of input key order.
  const canonical = JSON.stringify(topic.fields.map((field) => payload[field.name] ?? null));
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** `<source>.<entity>:<record id>`: the data subject whose key encrypts this record's personal fields. */
export function piiSubjectId(topic: RawTopic, recordId: string): string {
  return `${topic.source}.${topic.entity}:${recordId}`;
}

/**
 * Kafka key and envelope of one coerced record. Deterministic: the same tenant, topic and record revision
 * always give the same event id, whatever the time, path (HTTP, CLI, drop folder) or number of retries.
 */
export function buildEnvelope(topic: RawTopic, payload: Readonly<Record<string, unknown>>, ctx: EnvelopeContext): { key: string; envelope: RawEnvelope } {
  const recordId = String(payload[topic.idField]);
  const key = formatKey(ctx.tenantId, recordId);
  const envelope: RawEnvelope = {
    event_id: deterministicEventId({ tenantId: ctx.tenantId, sourceSystem: topic.source, key, version: recordVersion(topic, payload) }),
    tenant_id: ctx.tenantId,
    source_system: topic.source,
    event_time: payload[topic.eventTimeField] as number,
    ingest_time: ctx.ingestTime,
    schema_version: ctx.schemaVersion ?? RAW_SCHEMA_VERSION,
    lineage: null,
    pii_subject_id: topic.hasPii ? piiSubjectId(topic, recordId) : null,
    trace_id: ctx.traceId ?? null,
  };
  return { key, envelope };
}
