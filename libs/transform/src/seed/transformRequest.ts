import { applyMapping, type MappedOutput } from '../mapping/applyMapping.js';
import { compileMapping, type Mapping } from '../mapping/compileMapping.js';
import { mappingFor, type MappingCatalog } from '../mapping/loadMappings.js';
import type { CanonicalEvent } from '../kpi/canonicalEvent.js';
import { MappingApplicationError } from '../transformError.js';
import { calculateKpis, type KpiResults } from './calculateKpis.js';

/** The seed's `POST /transform` body. */
export interface TransformationRequest {
  /** "crm.customer" or the raw topic "raw.crm.customer". */
  source: string;
  source_data: Record<string, unknown>[];
  /** An inline mapping (same format as config/mappings) used instead of the registered one. */
  mapping?: unknown;
  /** KPI names to compute over the output; all when absent, none when empty. */
  kpi_calculations?: string[];
}

export interface TransformationResponse {
  transformation_id: string;
  /** completed: every record mapped; partial: some failed; failed: none mapped. */
  status: 'completed' | 'partial' | 'failed';
  transformed_data: { event: string; role: string; key: string; record: Record<string, unknown> }[];
  metrics: {
    records_in: number;
    records_out: number;
    records_failed: number;
    fields_changed: number;
    invalid_values: number;
    invalid_by_reason: Record<string, number>;
    errors: { index: number; message: string }[];
    mapping_version: string;
  };
  kpi_results: KpiResults;
  /** Seconds, from the injected clock. */
  execution_time: number;
}

export interface TransformDeps {
  mappings: MappingCatalog;
  /** Id of this transformation (the API generates it; passed in to keep this pure). */
  transformationId: string;
  tenantId: string;
  /** Milliseconds clock, read at start and end. */
  now: () => number;
}

/**
 * The seed's synchronous transform over the same engine as the stream: records that cannot be mapped are
 * reported in metrics.errors instead of dead-lettered. Throws MappingDefinitionError for a bad inline
 * mapping and MappingNotFoundError for an unknown source (400/404 for the API).
 */
export function transformRequest(request: TransformationRequest, deps: TransformDeps): TransformationResponse {
  const started = deps.now();
  const mapping: Mapping = request.mapping === undefined ? mappingFor(deps.mappings, request.source) : compileMapping(request.mapping, 'request.mapping');
  const outputs: MappedOutput[] = [];
  const errors: { index: number; message: string }[] = [];
  const invalidByReason: Record<string, number> = {};
  let fieldsChanged = 0;
  let invalidValues = 0;
  request.source_data.forEach((record, index) => {
    try {
      const result = applyMapping(mapping, record, {
        origin: { topic: `raw.${mapping.source}.${mapping.entity}`, partition: 0, offset: index }, tenantId: deps.tenantId, now: started,
      });
      outputs.push(...result.outputs);
      fieldsChanged += result.history.length;
      invalidValues += result.invalid.length;
      for (const i of result.invalid) invalidByReason[i.reason] = (invalidByReason[i.reason] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof MappingApplicationError)) throw error;
      errors.push({ index, message: error.message });
    }
  });
  const failed = errors.length;
  const total = request.source_data.length;
  const kpis = request.kpi_calculations;
  const kpiResults = kpis?.length === 0 ? {} : calculateKpis(outputs as unknown as CanonicalEvent[], kpis ? { kpis } : {}).kpi_results;
  return {
    transformation_id: deps.transformationId,
    status: failed === 0 ? 'completed' : failed < total ? 'partial' : 'failed',
    transformed_data: outputs.map((o) => ({ event: o.eventName, role: o.role, key: o.key, record: o.value })),
    metrics: {
      records_in: total, records_out: outputs.length, records_failed: failed, fields_changed: fieldsChanged,
      invalid_values: invalidValues, invalid_by_reason: invalidByReason, errors, mapping_version: mapping.version,
    },
    kpi_results: kpiResults,
    execution_time: (deps.now() - started) / 1000,
  };
}
