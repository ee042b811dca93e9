export { calculateKpis, sumFacts, type CalculateKpisResult, type KpiResults } from './calculateKpis.js';
export { normalizeRecords, type FieldRules, type NormalizeRecordsResult } from './normalizeRecords.js';
export { transformRequest, type TransformDeps, type TransformationRequest, type TransformationResponse } from './transformRequest.js';
