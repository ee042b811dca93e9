import { piiFieldPaths, schemaForTopic, UnknownContractError, type EventSchema } from '@rivulet/contracts';
import { createAvroType } from '@rivulet/registry';
import type avro from 'avsc';
import { UnknownSourceError } from '../errors.js';

export type FieldKind = 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp-millis' | 'enum';

/** One payload field of a raw event, as the coercion needs to see it. */
export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly nullable: boolean;
  /** Enum symbols (UPPER_SNAKE). */
  readonly symbols?: readonly string[];
  /** Personal data: encrypted at the edge, and never quoted in a rejection reason. */
  readonly pii: boolean;
}

/** A raw topic ready for ingestion: its contract, field specs and the record's identity rules. */
export interface RawTopic {
  readonly topic: string;
  readonly source: string;
  readonly entity: string;
  readonly event: EventSchema;
  readonly type: avro.Type;
  readonly fields: readonly FieldSpec[];
  /** The source record id: the first payload field of every raw contract (docs/raw-records.md "key"). */
  readonly idField: string;
  /** The record's main timestamp, which becomes `envelope.event_time`. */
  readonly eventTimeField: string;
  /** Revision of the record for the deterministic event id; null: a content hash is used instead. */
  readonly versionField: string | null;
  readonly hasPii: boolean;
}

/**
 * When it happened and which revision it is, per raw topic. Only CRM customers and ERP accounts carry an
 * `updated_at`; the others are facts (an order, a call) or change without one (an invoice gets paid), so
 * their revision is the hash of their content: a changed record is a new event, an identical one is not.
 */
export const RAW_TOPIC_RULES: Readonly<Record<string, { eventTime: string; version: string | null }>> = {
  'raw.crm.customer': { eventTime: 'updated_at', version: 'updated_at' },
  'raw.erp.account': { eventTime: 'updated_at', version: 'updated_at' },
  'raw.erp.order': { eventTime: 'order_date', version: null },
  'raw.billing.invoice': { eventTime: 'issued_at', version: null },
  'raw.billing.payment': { eventTime: 'paid_at', version: null },
  'raw.cdr.call': { eventTime: 'start_time', version: null },
  'raw.oss.network_event': { eventTime: 'occurred_at', version: null },
  'raw.oss.ticket': { eventTime: 'opened_at', version: null },
};

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Resolves `raw.<source>.<entity>` to its contract. Throws `UnknownSourceError` for anything that is not a
 * raw topic of the catalogue (the names are checked before they are joined, so `a.b` tricks cannot reach
 * another topic family).
 */
export function resolveRawTopic(source: string, entity: string, schemas?: ReadonlyMap<string, EventSchema>): RawTopic {
  // The catalogue's contracts never change in a process: build each topic's Avro type and field specs once
  // (every ingest request resolves its topic; building the type was a tenth of the ingest path's time).
  if (schemas) return buildRawTopic(source, entity, schemas);
  const cached = resolved.get(`${source}\u0000${entity}`);
  if (cached) return cached;
  const built = buildRawTopic(source, entity);
  resolved.set(`${source}\u0000${entity}`, built);
  return built;
}

const resolved = new Map<string, RawTopic>();

function buildRawTopic(source: string, entity: string, schemas?: ReadonlyMap<string, EventSchema>): RawTopic {
  const topic = `raw.${source}.${entity}`;
  const rules = RAW_TOPIC_RULES[topic];
  if (!NAME.test(source) || !NAME.test(entity) || !rules) {
    throw new UnknownSourceError(`unknown source/entity "${source}.${entity}"; known: ${knownSources().join(', ')}`);
  }
  let event: EventSchema;
  try {
    event = schemaForTopic(topic, schemas);
  } catch (error) {
    if (error instanceof UnknownContractError) throw new UnknownSourceError(`no contract for ${topic}`, { cause: error });
    throw error;
  }
  const type = createAvroType(event.schema);
  const pii = new Set(piiFieldPaths(event));
  const fields = fieldSpecs(event, type, pii);
  const idField = fields[0]?.name;
  if (!idField || !fields.some((f) => f.name === rules.eventTime && f.kind === 'timestamp-millis')) {
    throw new UnknownSourceError(`${topic}: contract has no id field or no timestamp "${rules.eventTime}"`);
  }
  return { topic, source, entity, event, type, fields, idField, eventTimeField: rules.eventTime, versionField: rules.version, hasPii: pii.size > 0 };
}

/** `crm.customer`, `erp.account`, ... */
export function knownSources(): string[] {
  return Object.keys(RAW_TOPIC_RULES).map((t) => t.slice('raw.'.length));
}

interface JsonField { name: string; type: unknown }

function fieldSpecs(event: EventSchema, type: avro.Type, pii: ReadonlySet<string>): FieldSpec[] {
  const jsonFields = (event.schema as { fields: JsonField[] }).fields;
  const avroFields = (type as avro.types.RecordType).fields;
  return jsonFields.flatMap((json, i): FieldSpec[] => {
    if (json.name === 'envelope') return [];
    const avroField = avroFields[i]!;
    const union = avroField.type.typeName.startsWith('union');
    const branches = union ? (avroField.type as unknown as { types: avro.Type[] }).types : [avroField.type];
    const nonNull = branches.filter((t) => t.typeName !== 'null');
    if (nonNull.length !== 1) throw new UnknownSourceError(`${event.file}: field ${json.name} is a union we cannot coerce into`);
    const inner = nonNull[0]!;
    const jsonInner = Array.isArray(json.type) ? json.type.find((t) => t !== 'null') : json.type;
    const logical = typeof jsonInner === 'object' && jsonInner !== null ? (jsonInner as { logicalType?: string }).logicalType : undefined;
    const kind = logical === 'timestamp-millis' ? 'timestamp-millis' : (inner.typeName as FieldKind);
    if (!['string', 'int', 'long', 'float', 'double', 'boolean', 'timestamp-millis', 'enum'].includes(kind)) {
      throw new UnknownSourceError(`${event.file}: field ${json.name} has type ${kind}, which raw records do not use`);
    }
    return [{
      name: json.name,
      kind,
      nullable: branches.length > nonNull.length,
      pii: pii.has(json.name),
      ...(kind === 'enum' ? { symbols: (inner as avro.types.EnumType).symbols } : {}),
    }];
  });
}
