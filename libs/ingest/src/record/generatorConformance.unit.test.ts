import { csvRow, generateRecords, TOPIC_FIELDS, type Topic } from '@rivulet/generator';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseNdjson } from '../parse/parsePayload.js';
import { prepareRecord } from './prepareRecord.js';
import { resolveRawTopic } from './rawTopic.js';

// The generator's records (defects included: they are semantic, not Avro-invalid) must all be accepted, in
// both file formats it writes, and both formats must give the same event ids.
describe('generated records', () => {
  it('given every topic as CSV and NDJSON, when prepared, then all are valid and both formats agree', () => {
    const byTopic = new Map<Topic, Array<Record<string, unknown>>>();
    for (const { topic, record } of generateRecords({ records: 1_500, seed: 11 })) {
      const list = byTopic.get(topic) ?? [];
      list.push(record);
      byTopic.set(topic, list);
    }
    expect(byTopic.size).toBe(8);
    for (const [name, records] of byTopic) {
      const [, source, entity] = name.split('.') as [string, string, string];
      const topic = resolveRawTopic(source, entity);
      const fields = TOPIC_FIELDS[name];
      const csv = [csvRow(fields.map(String)), ...records.map((r) => csvRow(fields.map((f) => r[f] as string | number | null)))].join('');
      const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
      const ctx = { tenantId: 't', ingestTime: 0 };
      const fromCsv = parseCsv(csv).map((row) => prepareRecord(topic, row, ctx));
      const fromNdjson = parseNdjson(ndjson).map((row) => prepareRecord(topic, row, ctx));
      const rejected = [...fromCsv, ...fromNdjson].flatMap((p) => (p.ok ? [] : [p.rejection]));
      expect(rejected, name).toEqual([]);
      expect(fromCsv.map((p) => p.ok && p.record.eventId)).toEqual(fromNdjson.map((p) => p.ok && p.record.eventId));
    }
  });
});
