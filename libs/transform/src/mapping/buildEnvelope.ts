import { MappingApplicationError } from '../transformError.js';
import type { CompiledOutput, Mapping } from './compileMapping.js';
import { derivedEventId } from './derivedEventId.js';
import type { RawRecord } from './evaluateField.js';

/** Where the raw record was read and what the raw envelope cannot say. */
export interface MappingContext {
  /** Kafka coordinates of the raw record (lineage and source_record). */
  origin: { topic: string; partition: number; offset: number | string };
  /** Trace id of the processing span, copied into the envelope for read models. */
  traceId?: string | null;
  /** Contract version of the canonical events written (schema_version). Default 1. */
  schemaVersion?: number;
  /** For raw records without an envelope (the synchronous seed API): tenant and clock. */
  tenantId?: string;
  now?: number;
}

interface RawEnvelope {
  event_id: string;
  tenant_id: string;
  event_time: number;
  ingest_time: number;
  pii_subject_id?: string | null;
}

/**
 * Envelope and source_record of one canonical output. source_system is "transform" (derived events name
 * their producer, schemas/avro/common/Envelope.avsc); the origin system stays in source_record. Event time
 * is the raw event's: normalising does not move an event in time.
 */
export function buildEnvelope(mapping: Mapping, output: CompiledOutput, raw: RawRecord, recordId: string, ctx: MappingContext) {
  const rawEnvelope = (raw.envelope as RawEnvelope | undefined) ?? fallbackEnvelope(mapping, recordId, ctx);
  const offset = Number(ctx.origin.offset);
  return {
    envelope: {
      event_id: derivedEventId(rawEnvelope.event_id, output.event, output.role),
      tenant_id: rawEnvelope.tenant_id,
      source_system: 'transform',
      event_time: rawEnvelope.event_time,
      ingest_time: rawEnvelope.ingest_time,
      schema_version: ctx.schemaVersion ?? 1,
      lineage: { origin_topic: ctx.origin.topic, origin_partition: ctx.origin.partition, origin_offset: offset, mapping_version: mapping.version },
      pii_subject_id: rawEnvelope.pii_subject_id ?? null,
      trace_id: ctx.traceId ?? null,
    },
    source_record: {
      event_id: rawEnvelope.event_id,
      source_system: mapping.source,
      entity: mapping.entity,
      record_id: recordId,
      topic: ctx.origin.topic,
      partition: ctx.origin.partition,
      offset,
    },
  };
}

function fallbackEnvelope(mapping: Mapping, recordId: string, ctx: MappingContext): RawEnvelope {
  if (ctx.tenantId === undefined || ctx.now === undefined) {
    throw new MappingApplicationError(`${mapping.version}: raw record has no envelope and the context no tenantId/now`, mapping.version, 'envelope');
  }
  return {
    event_id: derivedEventId(`${ctx.tenantId}/${mapping.source}/${mapping.entity}/${recordId}`, 'raw'),
    tenant_id: ctx.tenantId,
    event_time: ctx.now,
    ingest_time: ctx.now,
  };
}
