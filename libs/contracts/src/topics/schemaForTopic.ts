import { UnknownContractError } from '../schemas/contractError.js';
import { loadSchemas, type EventSchema } from '../schemas/loadSchemas.js';
import { TOPIC_DEFINITIONS } from './topics.js';

let defaultSchemas: ReadonlyMap<string, EventSchema> | undefined;

/**
 * The resolved value schema of a catalogue topic. Loads `schemas/avro` once, on first use (never at import).
 * DLQ topics have no schema (they carry the original bytes), so they are "unknown" here too.
 */
export function schemaForTopic(topic: string, schemas?: ReadonlyMap<string, EventSchema>): EventSchema {
  const definition = TOPIC_DEFINITIONS.find((d) => d.name === topic);
  if (!definition) throw new UnknownContractError(`topic "${topic}" has no Avro value in the catalogue`);
  const all = schemas ?? (defaultSchemas ??= loadSchemas());
  const schema = all.get(definition.event);
  if (!schema) throw new UnknownContractError(`topic "${topic}" names event ${definition.event}, which has no .avsc`);
  return schema;
}
