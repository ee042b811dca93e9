export { applyMapping, type InvalidValue, type MappedOutput, type MappingResult } from './applyMapping.js';
export type { MappingContext } from './buildEnvelope.js';
export { compileMapping, type CompiledField, type CompiledOutput, type Mapping } from './compileMapping.js';
export { derivedEventId } from './derivedEventId.js';
export type { RawRecord, Transformation } from './evaluateField.js';
export { DEFAULT_MAPPING_DIR, loadMappings, mappingFor, type MappingCatalog } from './loadMappings.js';
export { mappingSchema, type FieldMapping, type MappingDefinition, type OutputMapping } from './mappingSchema.js';
