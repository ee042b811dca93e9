import { describe, expect, it } from 'vitest';
import { kpiFact, projected } from '../testing/events.js';
import { kpiContributions, windowStart } from './kpiContributions.js';

describe('kpiContributions', () => {
  it('given a fact at 09:30 UTC, when contributing, then it adds to its hour (09:00) and its day (00:00)', () => {
    const rows = kpiContributions(projected(kpiFact(250, {}, { event_id: 'f1' })));
    expect(rows).toEqual([
      { event_id: 'f1', tenant_id: 'tenant-a', kpi: 'revenue_invoiced', window_size: 'hour', window_start: '2026-11-26T09:00:00.000Z', region: 'north', segment: 'SMB', source_system: 'billing', unit: 'EUR_minor', value: 250 },
      { event_id: 'f1', tenant_id: 'tenant-a', kpi: 'revenue_invoiced', window_size: 'day', window_start: '2026-11-26T00:00:00.000Z', region: 'north', segment: 'SMB', source_system: 'billing', unit: 'EUR_minor', value: 250 },
    ]);
  });

  it('given absent dimensions, when contributing, then they are empty strings (primary-key columns)', () => {
    const [row] = kpiContributions(projected(kpiFact(1, { dimensions: { region: null, segment: null, source_system: 'cdr' } })));
    expect(row).toMatchObject({ region: '', segment: '', source_system: 'cdr' });
  });

  it('given a non-finite value, when contributing, then nothing is added', () => {
    expect(kpiContributions(projected(kpiFact(Number.NaN)))).toEqual([]);
  });

  it('buckets on UTC boundaries, including the exact start and times before 1970', () => {
    expect(windowStart(Date.UTC(2026, 0, 1, 0, 0, 0), 'day')).toBe(Date.UTC(2026, 0, 1));
    expect(windowStart(Date.UTC(2026, 0, 1, 23, 59, 59, 999), 'hour')).toBe(Date.UTC(2026, 0, 1, 23));
    expect(windowStart(-1, 'hour')).toBe(-3_600_000);
  });
});
