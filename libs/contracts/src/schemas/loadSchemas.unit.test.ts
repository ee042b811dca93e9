import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { TOPIC_DEFINITIONS } from '../topics/topics.js';
import type { AvroFieldJson, AvroSchemaJson } from './avroJson.js';
import { SchemaDefinitionError } from './contractError.js';
import { loadSchemas } from './loadSchemas.js';
import { piiFieldPaths } from './piiFieldPaths.js';

const schemas = loadSchemas();

function fieldsOf(node: AvroSchemaJson, out: AvroFieldJson[] = []): AvroFieldJson[] {
  if (Array.isArray(node)) node.forEach((n) => fieldsOf(n, out));
  else if (typeof node === 'object') {
    for (const field of node.fields ?? []) {
      out.push(field);
      fieldsOf(field.type, out);
    }
    if (node.items) fieldsOf(node.items, out);
    if (node.values) fieldsOf(node.values, out);
  }
  return out;
}

describe('loadSchemas (the repository schemas)', () => {
  it('resolves every event into a self-contained schema avsc accepts without any registry of names', () => {
    expect(schemas.size).toBe(23);
    for (const event of schemas.values()) {
      expect(() => avro.Type.forSchema(JSON.parse(JSON.stringify(event.schema)))).not.toThrow();
    }
  });

  it('gives every event a past-tense PascalCase name and an envelope as its first field', () => {
    for (const event of schemas.values()) {
      expect(event.name).toMatch(/^[A-Z][A-Za-z]+(Received|Recorded|Evaluated|Detected|Made|Updated|Raised)$/);
      expect(event.schema.fields?.[0]?.name).toBe('envelope');
    }
  });

  it('types personal fields as (nullable) strings, since the edge replaces them with ciphertext strings', () => {
    for (const event of schemas.values()) {
      for (const field of fieldsOf(event.schema).filter((f) => f.pii)) {
        expect(JSON.stringify(field.type), `${event.name}.${field.name}`).toMatch(/^("string"|\["null","string"\])$/);
      }
    }
  });

  it('lists PII paths, including nested and reused records', () => {
    expect(piiFieldPaths(schemas.get('CrmCustomerRecordReceived')!)).toEqual([
      'first_name', 'middle_name', 'last_name', 'email', 'phone', 'date_of_birth', 'street',
    ]);
    expect(piiFieldPaths(schemas.get('GoldenEntityUpdated')!)).toContain('golden.address.street');
  });

  it('has a schema for every catalogue topic and no event without a topic', () => {
    expect(new Set(TOPIC_DEFINITIONS.map((d) => d.event))).toEqual(new Set(schemas.keys()));
  });
});

describe('loadSchemas (error cases)', () => {
  const dirWith = (files: Record<string, object | string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'avsc-'));
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return dir;
  };
  const shared = { type: 'record', name: 'Ref', namespace: 'io.t.common', fields: [{ name: 'id', type: 'string' }] };

  it('inlines a shared type at first use and refers to it by full name afterwards', () => {
    const dir = dirWith({
      'common/Ref.avsc': shared,
      'ev/Used.avsc': { type: 'record', name: 'TwiceUsed', namespace: 'io.t.ev', fields: [{ name: 'a', type: 'io.t.common.Ref' }, { name: 'b', type: ['null', 'io.t.common.Ref'], default: null }] },
    });
    const fields = loadSchemas(dir).get('TwiceUsed')!.schema.fields!;
    expect(fields[0]!.type).toMatchObject({ type: 'record', name: 'Ref', namespace: 'io.t.common' });
    expect(fields[1]!.type).toEqual(['null', 'io.t.common.Ref']);
  });

  it('names the file and the type when a reference cannot be resolved', () => {
    const dir = dirWith({ 'ev/Broken.avsc': { type: 'record', name: 'Broken', fields: [{ name: 'a', type: 'io.t.common.Missing' }] } });
    expect(() => loadSchemas(dir)).toThrow(SchemaDefinitionError);
    expect(() => loadSchemas(dir)).toThrow(/ev\/Broken.avsc: type "io.t.common.Missing" is not defined/);
  });

  it('refuses invalid JSON and duplicate event names', () => {
    expect(() => loadSchemas(dirWith({ 'ev/X.avsc': '{ nope' }))).toThrow(/ev\/X.avsc: not valid JSON/);
    const ev = { type: 'record', name: 'Same', fields: [] };
    expect(() => loadSchemas(dirWith({ 'a/Same.avsc': ev, 'b/Same.avsc': { ...ev, namespace: 'x' } }))).toThrow(/already used/);
  });
});
