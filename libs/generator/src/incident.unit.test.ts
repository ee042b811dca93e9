import { describe, expect, it } from 'vitest';
import { InvalidGeneratorOptionsError } from './generatorError.js';
import { resolveIncident } from './incident.js';
import { collect, EVENT_TIME_FIELD } from './testSupport.js';

const START = '2024-03-01T00:00:00.000Z';

describe('planted incident', () => {
  it('by default bursts missing emails and invalid phones on NORTH billing invoices, only inside its window', () => {
    const records = collect({ records: 12_000, seed: 'incident', start: START, days: 10 });
    const window = { start: Date.parse('2024-03-07T00:00:00.000Z'), end: Date.parse('2024-03-08T00:00:00.000Z') };
    const affected = records.filter((r) => r.truth.incident);
    expect(affected.length).toBeGreaterThan(8); // ~20 expected: 12k × 12% invoices × 17.5% NORTH × 10% window × 0.8
    for (const r of affected) {
      const t = Date.parse(r.record[EVENT_TIME_FIELD[r.topic]] as string);
      expect(r.topic).toBe('raw.billing.invoice');
      if (!r.truth.defects.includes('missing:region')) expect(r.record.region).toBe('NORTH');
      expect(t).toBeGreaterThanOrEqual(window.start);
      expect(t).toBeLessThan(window.end);
      expect(r.truth.inIncidentScope).toBe(true);
      expect(r.truth.defects.some((d) => d === 'missing:customer_email' || d === 'invalid_phone:billing_phone')).toBe(true);
    }
    const inScope = records.filter((r) => r.truth.inIncidentScope);
    expect(affected.length / inScope.length).toBeGreaterThan(0.6);
  });

  it('can shift a KPI instead: dropped calls spike in one region and window', () => {
    const records = collect({
      records: 10_000,
      seed: 'kpi',
      start: START,
      days: 10,
      incident: { kind: 'kpi_shift', region: 'WEST', start: '2024-03-03T00:00:00.000Z', end: '2024-03-05T00:00:00.000Z', rate: 0.4 },
    });
    const calls = records.filter((r) => r.topic === 'raw.cdr.call');
    const dropRate = (rs: typeof calls) => rs.filter((r) => r.record.termination === 'DROPPED').length / rs.length;
    const inScope = calls.filter((r) => r.truth.inIncidentScope);
    const outside = calls.filter((r) => !r.truth.inIncidentScope);
    expect(inScope.length).toBeGreaterThan(100);
    // The segment is the source's region before defects; a later missing:region defect may blank it.
    expect(inScope.every((r) => r.record.region === 'WEST' || r.truth.defects.includes('missing:region'))).toBe(true);
    expect(dropRate(inScope)).toBeGreaterThan(0.3);
    expect(dropRate(outside)).toBeLessThan(0.05);
    expect(records.filter((r) => r.truth.incident).every((r) => r.truth.inIncidentScope)).toBe(true);
  });

  it('narrows the segment to one element when given an entity', () => {
    const records = collect({ records: 6_000, seed: 'cell', incident: { kind: 'kpi_shift', region: 'CENTRAL', entity: 'CELL-CE-003', rate: 1 } });
    const hit = records.filter((r) => r.truth.inIncidentScope);
    expect(hit.length).toBeGreaterThan(0);
    expect(hit.every((r) => r.record.cell_id === 'CELL-CE-003' && r.record.termination === 'DROPPED')).toBe(true);
  });

  it('rejects an incident that cannot apply', () => {
    const range = [Date.parse(START), Date.parse(START) + 86_400_000] as const;
    expect(() => resolveIncident({ kind: 'kpi_shift', source: 'billing.invoice' }, ...range)).toThrow(/cdr.call/);
    expect(() => resolveIncident({ source: 'crm.nowhere' }, ...range)).toThrow(InvalidGeneratorOptionsError);
    expect(() => resolveIncident({ defects: ['invalid_email:phone'] }, ...range)).toThrow(/does not apply/);
    expect(() => resolveIncident({ start: '2024-03-02T00:00:00Z', end: '2024-03-01T00:00:00Z' }, ...range)).toThrow(/start < end/);
  });
});
