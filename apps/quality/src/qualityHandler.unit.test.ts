import { randomBytes } from 'node:crypto';
import { createLocalKeyWrapper, createMemoryKeyStore, createPiiCipher, isEncrypted } from '@rivulet/pii';
import { createRuleSets, loadChecksDirVersioned, parseTenantThresholds } from '@rivulet/quality';
import type { Decision, HandlerContext, OutputRecord } from '@rivulet/runtime';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnomalyModels, createMemoryModelStore } from './anomalyModels.js';
import { T, canonical, rawAccount, rawInvoice, type CanonicalFixture } from './canonicalRecords.fixture.js';
import { DEFAULT_CHECKS_DIR } from './qualityConfig.js';
import { createQualityHandler, type QualityAppLookups } from './qualityHandler.js';
import { createMemoryQualityState } from './qualityState.js';

const pii = createPiiCipher({ keys: createMemoryKeyStore(), wrapper: createLocalKeyWrapper(randomBytes(32)), hashSecret: randomBytes(32) });
const base = await loadChecksDirVersioned(DEFAULT_CHECKS_DIR);
base.set('invoice', { ...base.get('invoice')!, version: 'checks/invoice@test' });
// Tenant "strict" treats an unknown account as a failure and an overpayment as a warning only.
const strict = parseTenantThresholds('{ tenant: strict, entities: { invoice: { reference.account_id: { severity: fail }, consistency.not_overpaid: { severity: warn } } } }', 'tenants/strict.yaml');
const handler = createQualityHandler({ rules: createRuleSets(base, new Map([['strict', strict]])) });
const tenant = 'tenant-a';

let ctx: HandlerContext<QualityAppLookups>;
let store: ReturnType<typeof createMemoryModelStore>;
beforeEach(() => {
  store = createMemoryModelStore();
  ctx = {
    // The handler must not use the batch clock: a replay would judge freshness differently.
    now: new Date('2099-01-01T00:00:00Z'),
    app: 'quality',
    lookups: {
      pii,
      state: createMemoryQualityState({ duplicateWindowMs: 30 * 86_400_000 }),
      models: new AnomalyModels({ store, retrainEvery: 50, reservoirSize: 256, minTrainRows: 32, trees: 20 }),
    },
  };
});

async function handle(f: CanonicalFixture, offset = '42'): Promise<Decision> {
  return handler({ topic: f.topic, partition: 3, offset, key: f.key, value: f.value, schemaId: 1, headers: {}, timestamp: 0 }, ctx);
}

function outputs(d: Decision): { results: OutputRecord[]; issues: OutputRecord[] } {
  if (d.kind !== 'emit') throw new Error(`expected emit, got ${JSON.stringify(d)}`);
  return { results: d.records.filter((r) => r.topic === 'quality.results'), issues: d.records.filter((r) => r.topic === 'quality.issues') };
}
const v = (r: OutputRecord) => r.value as Record<string, any>;

describe('quality handler', () => {
  it('given a known account and a clean invoice, when judged, then one passing result with lineage, tenant and input times', async () => {
    await handle(await canonical(pii, tenant, 'raw.erp.account', rawAccount('A-1')));
    const invoice = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-1'));
    const { results, issues } = outputs(await handle(invoice));
    expect(issues).toEqual([]);
    expect(results).toHaveLength(1);
    const result = v(results[0]!);
    expect(results[0]!.key).toBe(`${tenant}/I-1`);
    expect(result).toMatchObject({ entity: 'invoice', passed: true, score: 1, failed_checks: [], anomaly_score: null });
    expect(result.record).toMatchObject({ event_id: invoice.value.envelope.event_id, source_system: 'billing', entity: 'invoice', record_id: 'I-1', topic: 'canonical.invoice', partition: 3, offset: 42 });
    expect(result.envelope).toMatchObject({
      tenant_id: tenant, source_system: 'quality', event_time: T, ingest_time: T + 5_000, pii_subject_id: null,
      lineage: { origin_topic: 'canonical.invoice', origin_partition: 3, origin_offset: 42, mapping_version: 'checks/invoice@test' },
    });
  });

  it('given an invoice of an unknown account with an overpayment, then its issues name the failed checks with dimensions', async () => {
    const invoice = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-2', { account_id: 'A-404', amount_paid_minor: 5000 }));
    const { results, issues } = outputs(await handle(invoice));
    expect(v(results[0]!)).toMatchObject({ passed: false, failed_checks: ['reference.account_id', 'consistency.not_overpaid'] });
    expect(issues.map((i) => [v(i).check, v(i).severity])).toEqual([['reference.account_id', 'WARN'], ['consistency.not_overpaid', 'FAIL']]);
    expect(v(issues[0]!).dimensions).toEqual({ source_system: 'billing', entity: 'invoice', field: 'account_id', check: 'reference.account_id', region: 'NORTH', segment: 'CONSUMER' });
    expect(issues.every((i) => i.key === `${tenant}/I-2`)).toBe(true);
  });

  it('given two tenants with different thresholds, when the same invoice is judged for each, then the verdicts differ as their thresholds say', async () => {
    const same = rawInvoice('I-2t', { account_id: 'A-404', amount_paid_minor: 5000 });
    const byDefault = outputs(await handle(await canonical(pii, tenant, 'raw.billing.invoice', same)));
    const byStrict = outputs(await handle(await canonical(pii, 'strict', 'raw.billing.invoice', same)));
    expect(byDefault.issues.map((i) => [v(i).check, v(i).severity])).toEqual([['reference.account_id', 'WARN'], ['consistency.not_overpaid', 'FAIL']]);
    expect(byStrict.issues.map((i) => [v(i).check, v(i).severity])).toEqual([['reference.account_id', 'FAIL'], ['consistency.not_overpaid', 'WARN']]);
    expect(v(byStrict.results[0]!).envelope.lineage.mapping_version).toMatch(/^checks\/invoice@test\+tenant\/strict@[0-9a-f]{12}$/);
    expect(v(byDefault.results[0]!).envelope.lineage.mapping_version).toBe('checks/invoice@test');
  });

  it('given the same input judged under other rules, then the derived event ids change (the read model replaces the verdict); under the same rules they do not', async () => {
    const invoice = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-r', { account_id: 'A-404' }));
    const ids = (d: Decision) => outputs(d).results.concat(outputs(d).issues).map((r) => v(r).envelope.event_id as string);
    const before = ids(await handle(invoice));
    expect(ids(await handle(invoice))).toEqual(before);
    const changed = new Map(base);
    changed.set('invoice', { ...base.get('invoice')!, version: 'checks/invoice@changed' });
    const after = ids(await createQualityHandler({ rules: createRuleSets(changed) })({ topic: invoice.topic, partition: 3, offset: '42', key: invoice.key, value: invoice.value, schemaId: 1, headers: {}, timestamp: 0 }, ctx));
    expect(after).toHaveLength(before.length);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
  });

  it('given a party with a malformed email, then the issue carries the ciphertext and no output holds a clear personal value', async () => {
    const party = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-3', { customer_name: 'Grace Hopper' }), {
      role: 'billed_customer',
      patch: (p) => void (p.email = 'grace.hopper-at-navy.mil'),
    });
    const d = await handle(party);
    const { issues } = outputs(d);
    const email = issues.find((i) => v(i).check === 'validity.email');
    expect(email).toBeDefined();
    expect(isEncrypted(v(email!).observed_value)).toBe(true);
    expect(await pii.decrypt(tenant, v(email!).observed_value)).toEqual({ value: 'grace.hopper-at-navy.mil' });
    expect(v(email!).envelope.pii_subject_id).toBe(party.value.envelope.pii_subject_id);
    expect(v(email!).message).not.toContain('grace');
    const everything = JSON.stringify(d);
    for (const secret of ['grace.hopper', 'Grace Hopper', '+442079460000']) expect(everything).not.toContain(secret);
  });

  it('given the same record twice (a redelivery), then identical events and no duplicate; a second event with the same key is one', async () => {
    const first = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-4'));
    const once = await handle(first);
    const again = await handle(first);
    expect(again).toEqual(once);
    expect(outputs(once).issues.map((i) => v(i).check)).not.toContain('uniqueness.invoice_id');
    const resent = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-4', { amount_due_minor: 1200 }));
    expect(outputs(await handle(resent)).issues.map((i) => v(i).check)).toContain('uniqueness.invoice_id');
    const otherTenant = await canonical(pii, 'tenant-b', 'raw.billing.invoice', rawInvoice('I-4'));
    expect(outputs(await handle(otherTenant)).issues.map((i) => v(i).check)).not.toContain('uniqueness.invoice_id');
  });

  it('given an erased subject, then the record is skipped rather than judged "missing"', async () => {
    const invoice = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-5'));
    await pii.forget(tenant, invoice.value.envelope.pii_subject_id!);
    expect(await handle(invoice)).toMatchObject({ kind: 'skip' });
  });

  it('given enough good invoices, then a model is trained and saved, and an outlier scores above ordinary records', async () => {
    await handle(await canonical(pii, tenant, 'raw.erp.account', rawAccount('A-1')));
    for (let i = 0; i < 40; i++) await handle(await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice(`N-${i}`, { amount_due_minor: 1000 + (i % 10) * 10 })));
    expect(store.rows).toHaveLength(1);
    expect(store.rows[0]).toMatchObject({ tenantId: tenant, state: { source: 'billing', entity: 'invoice', modelVersion: 1 } });
    const ordinary = v(outputs(await handle(await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('N-x', { amount_due_minor: 1040 })))).results[0]!);
    const outlier = v(outputs(await handle(await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('O-1', { amount_due_minor: 90_000_000 })))).results[0]!);
    expect(ordinary.anomaly_score).toBeTypeOf('number');
    expect(outlier.anomaly_score).toBeGreaterThan(ordinary.anomaly_score);

    // A restart loads the saved version: same scores without retraining from nothing.
    const restarted = new AnomalyModels({ store, retrainEvery: 50, reservoirSize: 256, minTrainRows: 32, trees: 20 });
    expect(await restarted.load()).toBe(1);
    expect(restarted.modelVersion(tenant, 'billing', 'invoice')).toBe(1);
  });
});
