import { describe, expect, it } from 'vitest';
import { ChecksFileError } from '../errors.js';
import { evaluateWindow } from '../window/evaluateWindow.js';
import { emptyWindowStats } from '../window/windowStats.js';
import { evaluateRecord } from './evaluateRecord.js';
import { parseChecks } from './parseChecks.js';
import { applyThresholds, createRuleSets, parseTenantThresholds } from './tenantThresholds.js';

const CHECKS = `
entity: invoice
checks:
  - { type: missing, field: invoice_id, severity: fail }
  - { name: consistency.paid_has_date, type: consistency, expression: "status != 'PAID' || paid_at != null", severity: warn }
  - { type: missing, field: region, severity: warn, window: { warn: 5%, fail: 20% } }
  - { type: freshness, field: envelope.event_time, warn_after: 1d, fail_after: 30d }
`;
const base = new Map([['invoice', { checks: parseChecks(CHECKS, 'invoice.yaml'), version: 'checks/invoice@abc' }]]);
const strict = parseTenantThresholds(
  `tenant: strict
entities:
  invoice:
    consistency.paid_has_date: { severity: fail }
    freshness.envelope.event_time: { warn_after: 1h, fail_after: 2d }
    completeness.region: { window: { warn: 1%, fail: 2% } }
`,
  'tenants/strict.yaml',
);
const lenient = parseTenantThresholds(`{ tenant: lenient, entities: { invoice: { freshness.envelope.event_time: { warn_after: 60d, fail_after: 90d } } } }`, 'tenants/lenient.yaml');
const rules = createRuleSets(base, new Map([['strict', strict], ['lenient', lenient]]));

const DAY = 86_400_000;
// Paid without a payment date, ingested 3 days after its event time.
const record = { invoice_id: 'I-1', status: 'PAID', paid_at: null, region: 'north', envelope: { event_time: 0 } };
const verdictFor = (tenant: string) => evaluateRecord(rules.get(tenant, 'invoice')!.checks, record, { now: 3 * DAY });

describe('per-tenant thresholds', () => {
  it('given two tenants with different thresholds, when the same record is judged, then the verdicts differ as configured', () => {
    const def = verdictFor('anyone-else');
    expect(def.status).toBe('WARN');
    expect(def.failed.map((f) => [f.check, f.severity])).toEqual([['consistency.paid_has_date', 'WARN'], ['freshness.envelope.event_time', 'WARN']]);

    const s = verdictFor('strict');
    expect(s.status).toBe('FAIL');
    expect(s.failed.map((f) => [f.check, f.severity])).toEqual([['consistency.paid_has_date', 'FAIL'], ['freshness.envelope.event_time', 'FAIL']]);

    const l = verdictFor('lenient');
    expect(l.status).toBe('WARN');
    expect(l.failed.map((f) => f.check)).toEqual(['consistency.paid_has_date']);
  });

  it('given window thresholds overridden, then the window verdict follows the tenant', () => {
    const stats = { ...emptyWindowStats('billing', 'invoice', 0, 3_600_000), records: 100, checks: { 'completeness.region': { evaluated: 100, failed: 3 } } };
    const status = (tenant: string) => evaluateWindow(rules.get(tenant, 'invoice')!.checks, stats).find((c) => c.check === 'completeness.region')?.status;
    expect(status('anyone-else')).toBe('PASS');
    expect(status('strict')).toBe('FAIL');
  });

  it('given overrides, then the rules version names the tenant and changes with its thresholds; others keep the file version', () => {
    expect(rules.get('anyone-else', 'invoice')!.version).toBe('checks/invoice@abc');
    expect(rules.get('strict', 'invoice')!.version).toMatch(/^checks\/invoice@abc\+tenant\/strict@[0-9a-f]{12}$/);
    const stricter = parseTenantThresholds(`{ tenant: strict, entities: { invoice: { consistency.paid_has_date: { severity: fail } } } }`, 'tenants/strict.yaml');
    expect(createRuleSets(base, new Map([['strict', stricter]])).get('strict', 'invoice')!.version).not.toBe(rules.get('strict', 'invoice')!.version);
    expect(rules.get('strict', 'order')).toBeUndefined();
  });

  it('given an override of an unknown check, a bad threshold or an unknown entity, then the file is refused naming the problem', () => {
    expect(() => applyThresholds(base.get('invoice')!.checks, { 'completeness.regoin': { severity: 'fail' } }, 't.yaml')).toThrow(/completeness\.regoin: no such check/);
    expect(() => parseTenantThresholds('{ tenant: x, entities: { invoice: { completeness.region: { window: { warn: "lots" } } } } }', 't.yaml')).toThrow(ChecksFileError);
    expect(() => parseTenantThresholds('{ tenant: x, entities: { invoice: { completeness.region: { min: 3 } } } }', 't.yaml')).toThrow(/min/);
    const orphan = parseTenantThresholds('{ tenant: x, entities: { order: { completeness.order_id: { severity: warn } } } }', 't.yaml');
    expect(() => createRuleSets(base, new Map([['x', orphan]]))).toThrow(/no checks file for this entity/);
  });
});
