import { describe, expect, it } from 'vitest';
import { loadMappings } from '../mapping/loadMappings.js';
import { SAMPLE_RAW_RECORDS } from '../mapping/sampleRawRecords.unit.fixture.js';
import { MappingDefinitionError, MappingNotFoundError } from '../transformError.js';
import { normalizeRecords } from './normalizeRecords.js';
import { transformRequest } from './transformRequest.js';

const mappings = loadMappings();
const clock = () => { let t = 1_000; return () => (t += 250); };
const deps = () => ({ mappings, transformationId: 'tr-1', tenantId: 'acme', now: clock() });
const { envelope: _ignored, ...invoice } = SAMPLE_RAW_RECORDS['billing.invoice'] ?? {};

describe('transformRequest', () => {
  it('given good and unmappable records, when transformed, then partial status, outputs, metrics, KPIs and clock-based time', () => {
    const response = transformRequest({ source: 'raw.billing.invoice', source_data: [invoice, { ...invoice, invoice_id: 'INV-2', status: 'LOST' }, { ...invoice, invoice_id: 'INV-3', customer_email: 'x@' }] }, deps());
    expect(response).toMatchObject({
      transformation_id: 'tr-1',
      status: 'partial',
      metrics: { records_in: 3, records_out: 4, records_failed: 1, invalid_values: 1, invalid_by_reason: { email_missing_domain: 1 }, mapping_version: 'billing.invoice@2' },
      kpi_results: { revenue_invoiced: { GBP_minor: 24690 }, invoice_count: { count: 2 }, overdue_amount: { GBP_minor: 24690 } },
      execution_time: 0.25,
    });
    expect(response.metrics.errors).toEqual([{ index: 1, message: expect.stringContaining('"status" is invalid') }]);
    expect(response.transformed_data.map((d) => d.role)).toEqual(['invoice', 'billed_customer', 'invoice', 'billed_customer']);
  });
  it('given selected KPIs, when transformed, then only those', () => {
    const response = transformRequest({ source: 'billing.invoice', source_data: [invoice], kpi_calculations: ['invoice_count'] }, deps());
    expect(response.kpi_results).toEqual({ invoice_count: { count: 1 } });
  });
  it('given an unknown source or a bad inline mapping, when transformed, then typed errors', () => {
    expect(() => transformRequest({ source: 'sap.thing', source_data: [] }, deps())).toThrow(MappingNotFoundError);
    expect(() => transformRequest({ source: 'x', source_data: [], mapping: { version: 'nope' } }, deps())).toThrow(MappingDefinitionError);
  });
});

describe('normalizeRecords', () => {
  it('given ad-hoc records and rules per field, when normalised, then values, history and invalids per record', () => {
    const result = normalizeRecords(
      [{ name: 'JOSÉ  MÜLLER', email: 'Jose@Example.com', id: 7 }, { name: 'ann', email: 'john.doe@', id: 8 }],
      { name: [['title_case_name']], email: [['email']] },
    );
    expect(result.normalized_records).toEqual([{ name: 'José Müller', email: 'jose@example.com', id: 7 }, { name: 'Ann', email: null, id: 8 }]);
    expect(result.transformations[0]).toContainEqual({ field: 'email', before: 'Jose@Example.com', after: 'jose@example.com', rule: 'email' });
    expect(result.invalid).toEqual([{ index: 1, field: 'email', reason: 'email_missing_domain', rule: 'email' }]);
  });
  it('given an unknown rule, when normalised, then MappingDefinitionError', () => {
    expect(() => normalizeRecords([{}], { a: [['nope']] })).toThrow(MappingDefinitionError);
  });
});
