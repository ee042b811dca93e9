import { UnknownContractError } from '../schemas/contractError.js';
import { loadSchemas, type EventSchema } from '../schemas/loadSchemas.js';
import { TOPIC_DEFINITIONS } from './topics.js';

let defaultSchemas: ReadonlyMap<string, EventSchema> | undefined;

/** The resolved schema of an event. Loads `schemas/avro` once, on first use (never at import). */
export function schemaForEvent(event: string, schemas?: ReadonlyMap<string, EventSchema>): EventSchema {
  const all = schemas ?? (defaultSchemas ??= loadSchemas());
  const schema = all.get(event);
  if (!schema) throw new UnknownContractError(`event ${event} has no .avsc`);
  return schema;
}

/**
 * The resolved value schema of a catalogue topic. DLQ topics have no schema (they carry the original
 * bytes), so they are "unknown" here too.
 */
export function schemaForTopic(topic: string, schemas?: ReadonlyMap<string, EventSchema>): EventSchema {
  const definition = TOPIC_DEFINITIONS.find((d) => d.name === topic);
  if (!definition) throw new UnknownContractError(`topic "${topic}" has no Avro value in the catalogue`);
  return schemaForEvent(definition.event, schemas);
}
