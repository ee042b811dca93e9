import { loadSchemas, TOPIC_DEFINITIONS, type EventSchema } from '@rivulet/contracts';
import { protectHistory, protectRecord, revealRecord, warmSubjects, type PiiCipher } from '@rivulet/pii';
import { emit, poison, type ChunkPreparer, type Handler, type OutputRecord } from '@rivulet/runtime';
import { applyMapping, kpiFacts, loadMappings, mappingFor, type CanonicalEvent, type MappingCatalog, type Transformation } from '@rivulet/transform';

export interface TransformLookups {
  pii: PiiCipher;
}

const topicOfEvent = new Map(TOPIC_DEFINITIONS.map((d) => [d.event as string, d.name]));

/**
 * raw.<source>.<entity> → canonical.<entity> (one or more events) + kpi.facts. Personal fields are
 * decrypted in memory to be normalised, and encrypted again under the same subject key before they leave.
 */
export function createTransformHandler(options: { mappings?: MappingCatalog; schemas?: ReadonlyMap<string, EventSchema> } = {}): Handler<unknown, TransformLookups> {
  const mappings = options.mappings ?? loadMappings();
  const schemas = options.schemas ?? loadSchemas();
  const rawEventOf = new Map(TOPIC_DEFINITIONS.map((d) => [d.name, schemas.get(d.event)!]));

  return async (record, ctx) => {
    const rawSchema = rawEventOf.get(record.topic);
    if (!rawSchema) return poison(`no raw contract for topic ${record.topic}`);
    const raw = record.value as Record<string, unknown> & { envelope: { tenant_id: string; pii_subject_id: string | null } };
    const tenantId = raw.envelope.tenant_id;
    const { record: clear } = await revealRecord(rawSchema, raw, tenantId, ctx.lookups.pii);
    const result = applyMapping(mappingFor(mappings, record.topic), clear, {
      origin: { topic: record.topic, partition: record.partition, offset: record.offset },
      traceId: record.headers.traceparent?.split('-')[1] ?? null,
    });
    const outputs: OutputRecord[] = [];
    for (const output of result.outputs) {
      const topic = topicOfEvent.get(output.eventName);
      if (!topic) return poison(`mapping produced ${output.eventName}, which has no topic`);
      const subjectId = raw.envelope.pii_subject_id;
      const schema = schemas.get(output.eventName)!;
      let value = output.value;
      if (subjectId) {
        const subject = { tenantId, subjectId };
        value = await protectRecord(schema, value, subject, ctx.lookups.pii);
        value.transformations = await protectHistory(schema, value.transformations as Transformation[], subject, ctx.lookups.pii);
      }
      outputs.push({ topic, key: `${tenantId}/${output.key}`, value });
      for (const fact of kpiFacts({ eventName: output.eventName, value: output.value } as unknown as CanonicalEvent)) {
        outputs.push({ topic: 'kpi.facts', key: `${tenantId}/${output.key}`, value: fact });
      }
    }
    return emit(...outputs);
  };
}

/** The transform's chunk preparer: the chunk's subject keys in one query; the handler then decrypts from the cache. */
export function createTransformPreparer(): ChunkPreparer<unknown, TransformLookups> {
  return async (records, ctx) => warmSubjects(ctx.lookups.pii, records.map((r) => r.value));
}
