export { generateRecords, type GeneratedRecord } from './generateRecords.js';
export { writeDataset, type DatasetSummary, type WriteOptions } from './writeDataset.js';
export {
  resolveOptions,
  DEFAULT_MIX,
  DEFAULT_VARIATIONS,
  DEFAULT_DEFECTS,
  type GeneratorOptions,
  type ResolvedOptions,
  type DefectRates,
} from './options.js';
export { resolveIncident, describeIncident, type IncidentKind, type IncidentOptions, type ResolvedIncident } from './incident.js';
export type { RecordTruth } from './generationContext.js';
export { DEFECT_SPECS, isDefectPresent, parseDefectCode, type DefectCode, type DefectSpec } from './defectCatalog.js';
export { DEFECT_RULES, type DefectCategory, type DefectKind } from './defectRules.js';
export type { VariationRates } from './variations.js';
export { emptyKpiTotals, addToKpiTotals, type KpiTotals } from './kpiTotals.js';
export { csvField, csvRow, parseCsv } from './csv.js';
export { isValidPhone, formatPhone, PHONE_FORMATS, type PhoneFormat } from './phone.js';
export { createRng, type Rng } from './prng.js';
export { TOPIC_FIELDS, TOPICS, KEY_FIELD, PARTY_TOPICS, REGIONS, SEGMENTS, toTopic, type Topic, type RawRecord, type RawValue, type Region, type Segment } from './topics.js';
export { parseCliArgs, parseIncident, CliUsageError } from './cliArgs.js';
export { GeneratorError, InvalidGeneratorOptionsError } from './generatorError.js';
