import avro from 'avsc';
import { InvalidSchemaError } from '../errors.js';

export interface SchemaValidationRequest {
  /** An Avro schema as JSON (object or text). */
  schema: unknown;
  /** Named types it references (e.g. io.rivulet.common.Envelope), registered first, in order. */
  dependencies?: readonly unknown[];
  data: readonly unknown[];
}

export interface SchemaValidationError {
  index: number;
  /** Dotted path of the offending field ('' for the record itself). */
  path: string;
  message: string;
}

export interface SchemaValidationResponse {
  valid: boolean;
  total_records: number;
  valid_records: number;
  errors: SchemaValidationError[];
}

function parse(schema: unknown): unknown {
  return typeof schema === 'string' ? JSON.parse(schema) : schema;
}

/** The seed's `POST /validate-schema`: every record checked against an Avro schema with avsc, each error with its field path. */
export function validateSchema(request: SchemaValidationRequest): SchemaValidationResponse {
  const registry: Record<string, avro.Type> = {};
  let type: avro.Type;
  try {
    for (const dep of request.dependencies ?? []) avro.Type.forSchema(parse(dep) as avro.Schema, { registry });
    type = avro.Type.forSchema(parse(request.schema) as avro.Schema, { registry });
  } catch (error) {
    throw new InvalidSchemaError(`not a valid Avro schema: ${(error as Error).message}`, { cause: error });
  }
  const errors: SchemaValidationError[] = [];
  let validRecords = 0;
  request.data.forEach((record, index) => {
    let ok = true;
    type.isValid(record, {
      errorHook(path: string[], value: unknown, t: avro.Type) {
        ok = false;
        const shown = value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 80);
        errors.push({ index, path: path.join('.'), message: `${shown} is not a valid ${t.typeName ?? t.name ?? 'value'}` });
      },
    });
    if (ok) validRecords++;
  });
  return { valid: errors.length === 0, total_records: request.data.length, valid_records: validRecords, errors };
}
