import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { fullNameOf, isNamedDefinition, shortNameOf, type AvroSchemaObject } from './avroJson.js';
import { SchemaDefinitionError } from './contractError.js';
import { inlineNamedTypes } from './inlineNamedTypes.js';

/** `schemas/avro` of this repository, found relative to this module (same depth from `src/` and `dist/`). */
export const DEFAULT_SCHEMA_DIR = fileURLToPath(new URL('../../../../schemas/avro/', import.meta.url));

/** Shared named types live here; every other folder holds one event per file. */
const SHARED_DIR = 'common';

export interface EventSchema {
  /** Short name, past-tense PascalCase: `CrmCustomerRecordReceived`. */
  readonly name: string;
  /** Namespaced name: `io.rivulet.raw.CrmCustomerRecordReceived`. */
  readonly fullName: string;
  /** Path relative to the schema directory, for messages. */
  readonly file: string;
  /** Self-contained schema (shared types inlined): what gets registered. */
  readonly schema: AvroSchemaObject;
}

/**
 * Reads every `.avsc` under `dir` and returns the events by short name, each resolved into one
 * self-contained schema. Fails on the first malformed file, unknown reference, duplicate event name,
 * or schema avsc refuses, naming the file: a broken contract must stop the build, not a producer.
 */
export function loadSchemas(dir: string = DEFAULT_SCHEMA_DIR): ReadonlyMap<string, EventSchema> {
  const files = listAvsc(dir);
  const shared = new Map<string, AvroSchemaObject>();
  for (const file of files.filter((f) => f.startsWith(`${SHARED_DIR}/`))) {
    const json = readJson(dir, file);
    const fullName = fullNameOf(json.name, json.namespace);
    if (shared.has(fullName)) throw new SchemaDefinitionError(`${file}: shared type "${fullName}" is defined twice`);
    shared.set(fullName, json);
  }
  const events = new Map<string, EventSchema>();
  for (const file of files.filter((f) => !f.startsWith(`${SHARED_DIR}/`))) {
    const json = readJson(dir, file);
    if (json.type !== 'record') throw new SchemaDefinitionError(`${file}: an event schema must be a record`);
    const schema = inlineNamedTypes(json, shared, file) as AvroSchemaObject;
    const fullName = fullNameOf(json.name, json.namespace);
    const name = shortNameOf(fullName);
    if (events.has(name)) throw new SchemaDefinitionError(`${file}: event name "${name}" is already used by ${events.get(name)?.file}`);
    try {
      avro.Type.forSchema(schema as avro.Schema);
    } catch (error) {
      throw new SchemaDefinitionError(`${file}: avsc rejects the resolved schema: ${(error as Error).message}`, { cause: error });
    }
    events.set(name, { name, fullName, file, schema });
  }
  return new Map([...events].sort(([a], [b]) => a.localeCompare(b)));
}

function listAvsc(dir: string, base: string = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return listAvsc(path, base);
      return entry.endsWith('.avsc') ? [relative(base, path).split('\\').join('/')] : [];
    });
}

function readJson(dir: string, file: string): AvroSchemaObject & { name: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    throw new SchemaDefinitionError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !isNamedDefinition(json as AvroSchemaObject)) {
    throw new SchemaDefinitionError(`${file}: must hold one named type (record, enum or fixed)`);
  }
  return json as AvroSchemaObject & { name: string };
}
