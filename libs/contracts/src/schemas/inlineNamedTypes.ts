import {
  PRIMITIVE_TYPES, fullNameOf, isNamedDefinition, namespaceOf,
  type AvroFieldJson, type AvroSchemaJson, type AvroSchemaObject,
} from './avroJson.js';
import { SchemaDefinitionError } from './contractError.js';

/**
 * Returns a self-contained copy of `schema`: each reference to a shared named type (Envelope, RecordRef...)
 * is replaced by that type's full definition at its first use, and by its full name afterwards, exactly
 * as the Avro spec requires ("defined before use", depth-first, in field order).
 *
 * Why: the registry then stores one standalone schema per subject, so we never rely on schema references,
 * which Apicurio's Confluent-compatible API and older clients handle inconsistently.
 *
 * Every named definition in the output carries an explicit `namespace` and every reference is a full name,
 * so moving a definition to another place in the tree cannot change what a name resolves to.
 */
export function inlineNamedTypes(
  schema: AvroSchemaJson,
  sharedTypes: ReadonlyMap<string, AvroSchemaObject>,
  origin = 'schema',
): AvroSchemaJson {
  const defined = new Set<string>();

  const visit = (node: AvroSchemaJson, namespace: string | undefined): AvroSchemaJson => {
    if (typeof node === 'string') {
      if (PRIMITIVE_TYPES.has(node)) return node;
      const fullName = fullNameOf(node, namespace);
      if (defined.has(fullName)) return fullName;
      const shared = sharedTypes.get(fullName);
      if (!shared) throw new SchemaDefinitionError(`${origin}: type "${fullName}" is not defined (looked in the shared types and earlier in the schema)`);
      return visit(shared, namespaceOf(fullName));
    }
    if (Array.isArray(node)) return node.map((branch) => visit(branch, namespace));
    if (isNamedDefinition(node)) return visitNamed(node, namespace);
    if (typeof node.type === 'string' && !PRIMITIVE_TYPES.has(node.type) && node.type !== 'array' && node.type !== 'map') {
      // `{"type": "io.rivulet.common.Envelope"}` is a reference written in object form.
      return visit(node.type, namespace);
    }
    const copy: AvroSchemaObject = { ...node };
    if (node.items !== undefined) copy.items = visit(node.items, namespace);
    if (node.values !== undefined) copy.values = visit(node.values, namespace);
    if (typeof node.type !== 'string') copy.type = visit(node.type, namespace);
    return copy;
  };

  const visitNamed = (node: AvroSchemaObject & { name: string }, enclosing: string | undefined): AvroSchemaObject => {
    const fullName = fullNameOf(node.name, node.namespace ?? enclosing);
    if (defined.has(fullName)) throw new SchemaDefinitionError(`${origin}: type "${fullName}" is defined twice`);
    // Registered before visiting the fields so a recursive reference resolves to the name.
    defined.add(fullName);
    const namespace = namespaceOf(fullName);
    const shortName = fullName.slice(fullName.lastIndexOf('.') + 1);
    const copy: AvroSchemaObject = { ...node, name: shortName };
    if (namespace) copy.namespace = namespace;
    if (node.fields) {
      copy.fields = node.fields.map((field): AvroFieldJson => ({ ...field, type: visit(field.type, namespace) }));
    }
    return copy;
  };

  return visit(schema, undefined);
}
