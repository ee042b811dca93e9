import { loadSchemas } from '@rivulet/contracts';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { applyMapping } from './applyMapping.js';
import { loadMappings } from './loadMappings.js';
import { SAMPLE_RAW_RECORDS } from './sampleRawRecords.unit.fixture.js';

const mappings = loadMappings();
const schemas = loadSchemas();
const types = new Map([...schemas].map(([name, s]) => [name, avro.Type.forSchema(s.schema as avro.Schema)]));
const ctx = { origin: { topic: 'raw.test', partition: 0, offset: 42 }, traceId: null };

describe('config/mappings', () => {
  it('given the mapping directory, when loaded, then every raw topic has a mapping', () => {
    expect([...mappings.keys()].sort()).toEqual(Object.keys(SAMPLE_RAW_RECORDS).sort());
  });

  it.each([...mappings.keys()])('given %s and a messy sample record, when applied, then every output is a valid canonical Avro value', (name) => {
    const mapping = mappings.get(name);
    const raw = SAMPLE_RAW_RECORDS[name];
    if (!mapping || !raw) throw new Error(`no sample for ${name}`);
    const result = applyMapping(mapping, raw, ctx);
    expect(result.outputs.length).toBe(mapping.outputs.length);
    expect(result.invalid).toEqual([]);
    for (const output of result.outputs) {
      const type = types.get(output.eventName);
      if (!type) throw new Error(`no schema ${output.eventName}`);
      const errors: string[] = [];
      type.isValid(output.value, { errorHook: (path, value) => errors.push(`${path.join('.')} = ${JSON.stringify(value)}`) });
      expect(errors, `${name} ${output.role}`).toEqual([]);
      expect(() => type.toBuffer(output.value)).not.toThrow();
    }
  });
});
