import avro from 'avsc';
import { loadSchemas } from '@rivulet/contracts';
import { describe, expect, it } from 'vitest';
import { collect } from './testSupport.js';
import { TOPIC_FIELDS, TOPICS, type RawRecord, type Topic } from './topics.js';

/**
 * Checks generated records against the raw Avro contracts in schemas/avro/raw (owned by the contracts work):
 * same fields, same order, and every record — defective ones included — encodable once the gateway has
 * added the envelope and turned ISO timestamps into epoch millis. Defects are semantic, never Avro-invalid.
 */
const schemas = loadSchemas();

function eventName(topic: Topic): string {
  return `${topic.slice(4).split(/[._]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')}RecordReceived`;
}

const ENVELOPE = {
  event_id: 'e', tenant_id: 't', source_system: 's', event_time: 0, ingest_time: 0, schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null,
};

interface FieldJson { name: string; type: unknown }
const isTimestamp = (type: unknown): boolean =>
  JSON.stringify(type).includes('"timestamp-millis"');

function toAvroValue(record: RawRecord, fields: FieldJson[]): Record<string, unknown> {
  const out: Record<string, unknown> = { envelope: ENVELOPE };
  for (const f of fields) {
    if (f.name === 'envelope') continue;
    const v = record[f.name];
    out[f.name] = isTimestamp(f.type) && typeof v === 'string' ? Date.parse(v) : v;
  }
  return out;
}

describe('raw Avro contracts', () => {
  const records = collect({ records: 4_000, seed: 'avro', defects: { missing: 0.2, invalidFormat: 0.2, outOfRange: 0.2, outlier: 0.2, inconsistency: 0.2 } });

  it.each(TOPICS)('%s has the contract fields in contract order', (topic) => {
    const event = schemas.get(eventName(topic));
    expect(event, `schema ${eventName(topic)}`).toBeDefined();
    const names = (event?.schema.fields as FieldJson[]).map((f) => f.name).filter((n) => n !== 'envelope');
    expect(names).toEqual([...TOPIC_FIELDS[topic]]);
  });

  it('encodes every generated record, clean or defective', () => {
    const types = new Map(TOPICS.map((t) => {
      const schema = schemas.get(eventName(t))?.schema;
      return [t, { type: avro.Type.forSchema(schema as avro.Schema), fields: (schema?.fields ?? []) as FieldJson[] }] as const;
    }));
    const invalid: string[] = [];
    for (const { topic, key, record } of records) {
      const { type, fields } = types.get(topic) as { type: avro.Type; fields: FieldJson[] };
      type.isValid(toAvroValue(record, fields), { errorHook: (path) => invalid.push(`${topic} ${key}: ${path.join('.')}`) });
    }
    expect(invalid).toEqual([]);
    // Guard against a vacuous pass: a wrongly typed value must be caught.
    const call = records.find((r) => r.topic === 'raw.cdr.call') as (typeof records)[number];
    const { type, fields } = types.get('raw.cdr.call') as { type: avro.Type; fields: FieldJson[] };
    expect(type.isValid(toAvroValue({ ...call.record, duration_seconds: '12' }, fields))).toBe(false);
  });
});
