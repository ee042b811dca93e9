export * from './generated/events.js';
export { renderTypes } from './codegen/index.js';
export type { AvroFieldJson, AvroSchemaJson, AvroSchemaObject } from './schemas/avroJson.js';
export { ContractError, SchemaDefinitionError, UnknownContractError } from './schemas/contractError.js';
export { inlineNamedTypes } from './schemas/inlineNamedTypes.js';
export { DEFAULT_SCHEMA_DIR, loadSchemas, type EventSchema } from './schemas/loadSchemas.js';
export { piiFieldPaths } from './schemas/piiFieldPaths.js';
export * from './topics/index.js';
