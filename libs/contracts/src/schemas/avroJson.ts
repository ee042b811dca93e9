/**
 * Minimal structural view of Avro schema JSON as written in `schemas/avro/**` (the spec's JSON form:
 * https://avro.apache.org/docs/1.11.1/specification/). Kept loose on purpose: extra attributes such as
 * `doc`, `default`, `logicalType` and our own `pii` must survive every transformation untouched.
 */
export type AvroSchemaJson = string | AvroSchemaJson[] | AvroSchemaObject;

export interface AvroSchemaObject {
  type: AvroSchemaJson;
  name?: string;
  namespace?: string;
  fields?: AvroFieldJson[];
  symbols?: string[];
  items?: AvroSchemaJson;
  values?: AvroSchemaJson;
  logicalType?: string;
  doc?: string;
  [attribute: string]: unknown;
}

export interface AvroFieldJson {
  name: string;
  type: AvroSchemaJson;
  doc?: string;
  default?: unknown;
  /** Rivulet extension: the field holds personal data, encrypted at the producing edge. */
  pii?: boolean;
  [attribute: string]: unknown;
}

export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set([
  'null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string',
]);

const NAMED_KINDS: ReadonlySet<string> = new Set(['record', 'error', 'enum', 'fixed']);

export function isNamedDefinition(node: AvroSchemaJson): node is AvroSchemaObject & { name: string } {
  return typeof node === 'object' && !Array.isArray(node) && typeof node.type === 'string' && NAMED_KINDS.has(node.type);
}

/** Full name per the spec: a dotted name is already full; otherwise the explicit or enclosing namespace applies. */
export function fullNameOf(name: string, namespace: string | undefined): string {
  if (name.includes('.') || !namespace) return name;
  return `${namespace}.${name}`;
}

export function namespaceOf(fullName: string): string | undefined {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? undefined : fullName.slice(0, dot);
}

export function shortNameOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}
