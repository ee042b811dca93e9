import { coerceValue, describe } from './coerceValue.js';
import type { RawTopic } from './rawTopic.js';

/** Payload keys that are accepted and ignored: the edge sets the envelope, and the tenant comes from credentials. */
export const IGNORED_INPUT_FIELDS: ReadonlySet<string> = new Set(['envelope', 'tenant_id']);

export type CoercedRecord = { ok: true; value: Record<string, unknown> } | { ok: false; reasons: string[] };

/**
 * Converts an input record (field name → JSON or CSV value) to the payload fields of the raw contract, in
 * contract order, or lists every problem (`field: reason`), not only the first, so a client can fix a
 * record in one go. A field outside the contract is a problem too: it usually means a mapping mistake
 * that would otherwise lose data silently.
 */
export function coerceRecord(topic: RawTopic, input: Readonly<Record<string, unknown>>): CoercedRecord {
  const reasons: string[] = [];
  const value: Record<string, unknown> = {};
  for (const field of topic.fields) {
    const result = coerceValue(field, input[field.name]);
    if ('error' in result) reasons.push(`${field.name}: ${result.error}`);
    else value[field.name] = result.value;
  }
  const known = new Set(topic.fields.map((f) => f.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name) && !IGNORED_INPUT_FIELDS.has(name)) {
      reasons.push(`${name}: not a field of ${topic.event.name} (value ${describe({ pii: true }, input[name])})`);
    }
  }
  const id = value[topic.idField];
  if (typeof id === 'string' && id.trim() === '') reasons.push(`${topic.idField}: the record id must not be empty`);
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, value };
}
