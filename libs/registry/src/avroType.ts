import avro from 'avsc';
import { AvroDecodeError, AvroValidationError } from './errors.js';

/**
 * The one avsc configuration used for every schema Rivulet encodes or decodes, and the one the generated
 * types in @rivulet/contracts assume:
 * - no logical type implementations: `timestamp-millis` reads and writes as its underlying long, i.e. a
 *   JS number of epoch milliseconds (avsc refuses longs beyond 2^53, far past any date we meet);
 * - `wrapUnions: 'auto'`: `["null", T]` is the bare value or null; ambiguous unions (which our schemas do
 *   not use) would be wrapped `{ type: value }` rather than guessed.
 */
export const AVRO_TYPE_OPTIONS: Partial<avro.ForSchemaOptions> = Object.freeze({
  logicalTypes: {},
  wrapUnions: 'auto' as const,
});

export function createAvroType(schema: object | string): avro.Type {
  const parsed: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(parsed as avro.Schema, { ...AVRO_TYPE_OPTIONS });
}

/** Every field path where `value` breaks `type`, e.g. `envelope.event_time: expected long, got "2024-01-01"`. */
export function validationProblems(type: avro.Type, value: unknown): string[] {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path, fieldValue, fieldType) => {
      const where = path.length > 0 ? path.join('.') : '(root)';
      problems.push(`${where}: expected ${describeType(fieldType)}, got ${describeValue(fieldValue)}`);
    },
  });
  return problems;
}

export function encodeBody(type: avro.Type, subject: string, value: unknown): Buffer {
  const problems = validationProblems(type, value);
  if (problems.length > 0) throw new AvroValidationError(subject, problems);
  return type.toBuffer(value);
}

/** Decodes the whole body; trailing bytes mean the frame and the schema id disagree, so they are an error too. */
export function decodeBody(type: avro.Type, body: Buffer, schemaId: number): unknown {
  let result: { value: unknown; offset: number };
  try {
    result = type.decode(body, 0);
  } catch (error) {
    throw new AvroDecodeError(`body does not decode with schema ${schemaId}: ${(error as Error).message}`, { cause: error });
  }
  // avsc signals a truncated buffer with a negative offset instead of throwing.
  if (result.offset < 0) throw new AvroDecodeError(`body is truncated for schema ${schemaId} (${body.length} bytes)`);
  if (result.offset !== body.length) {
    throw new AvroDecodeError(`body has ${body.length - result.offset} trailing bytes after a value of schema ${schemaId}`);
  }
  return result.value;
}

function describeType(type: avro.Type): string {
  const name = type.name ?? type.typeName;
  return name === undefined ? 'a value of the schema' : String(name);
}

// Values are described by kind, never printed: a "pii" field may still hold plaintext when encryption was
// skipped by mistake, and these messages end up in logs and DLQ headers.
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date (timestamps are epoch milliseconds)';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}
