import { fullNameOf, type AvroSchemaJson, type AvroSchemaObject } from './avroJson.js';
import type { EventSchema } from './loadSchemas.js';

/**
 * Dotted paths of every `"pii": true` field of an event (e.g. `address.street`), for the library that
 * encrypts them at the edge. Arrays and maps are not descended: no personal field lives in one today.
 */
export function piiFieldPaths(event: EventSchema): string[] {
  const paths: string[] = [];
  // Resolved schemas define a named type once and refer to it by full name afterwards.
  const records = new Map<string, AvroSchemaObject>();
  const visit = (node: AvroSchemaJson, prefix: string): void => {
    if (Array.isArray(node)) return node.forEach((branch) => visit(branch, prefix));
    if (typeof node === 'string') {
      const known = records.get(node);
      return known ? visit(known, prefix) : undefined;
    }
    if (node.type !== 'record') return;
    if (node.name) records.set(fullNameOf(node.name, node.namespace), node);
    for (const field of node.fields ?? []) {
      const path = `${prefix}${field.name}`;
      if (field.pii) paths.push(path);
      visit(field.type, `${path}.`);
    }
  };
  visit(event.schema, '');
  return paths;
}
