import { describe, expect, it } from 'vitest';
import { DEFECT_SPECS, isDefectPresent } from './defectCatalog.js';
import { generateRecords } from './generateRecords.js';
import { DEFAULT_MIX } from './options.js';
import { collect, EVENT_TIME_FIELD } from './testSupport.js';
import { KEY_FIELD, PARTY_TOPICS, TOPICS, type Topic } from './topics.js';

const serialise = (records: ReturnType<typeof collect>) => records.map((r) => JSON.stringify(r)).join('\n');

describe('generateRecords', () => {
  const records = collect({ records: 6_000, seed: 'unit' });

  it('is reproducible: the same seed gives identical records and truth, another seed differs', () => {
    const again = serialise(collect({ records: 2_000, seed: 'unit' }));
    expect(serialise(collect({ records: 2_000, seed: 'unit' })) === again).toBe(true);
    expect(serialise(collect({ records: 2_000, seed: 'other' })) === again).toBe(false);
  });

  it('follows the mix, keys each record by its id field, and keeps ids unique', () => {
    const counts = new Map<Topic, number>();
    const keys = new Set<string>();
    for (const r of records) {
      counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
      expect(r.key).toBe(r.record[KEY_FIELD[r.topic]]);
      keys.add(`${r.topic}/${r.key}`);
    }
    expect(keys.size).toBe(records.length);
    for (const topic of TOPICS) expect((counts.get(topic) ?? 0) / records.length).toBeCloseTo(DEFAULT_MIX[topic] / 100, 2);
  });

  it('puts every event time inside the range, in non-decreasing order', () => {
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const end = start + 30 * 86_400_000;
    let previous = start;
    for (const r of records) {
      const t = Date.parse(r.record[EVENT_TIME_FIELD[r.topic]] as string);
      expect(t).toBeGreaterThanOrEqual(previous);
      expect(t).toBeLessThan(end);
      previous = t;
    }
  });

  it('references only records emitted before (orders → accounts, payments → invoices, calls/tickets → subscribers)', () => {
    const seen = new Set<string>();
    for (const { topic, key, record } of records) {
      const ref = (t: Topic, id: unknown) => expect(seen.has(`${t}/${String(id)}`), `${topic} ${key} → ${t} ${String(id)}`).toBe(true);
      if (topic === 'raw.erp.order' || topic === 'raw.billing.invoice') ref('raw.erp.account', record.account_id);
      if (topic === 'raw.billing.payment') ref('raw.billing.invoice', record.invoice_id);
      if (topic === 'raw.cdr.call') ref('raw.crm.customer', record.subscriber_id);
      if (topic === 'raw.oss.ticket') {
        if (record.subscriber_id !== null) ref('raw.crm.customer', record.subscriber_id);
        else ref('raw.erp.account', record.customer_ref);
      }
      seen.add(`${topic}/${key}`);
    }
  });

  it('lists exactly the defects each record carries (every listed one is present, no unlisted one is)', () => {
    let defective = 0;
    const wrong: string[] = [];
    for (const { topic, key, record, truth } of records) {
      for (const code of truth.defects) if (!isDefectPresent(record, code)) wrong.push(`${key}: listed ${code} is absent`);
      for (const spec of DEFECT_SPECS[topic]) {
        if (!truth.defects.includes(spec.code) && isDefectPresent(record, spec.code)) wrong.push(`${key}: unlisted ${spec.code}`);
      }
      if (truth.defects.length > 0) defective++;
    }
    expect(wrong).toEqual([]);
    expect(defective).toBeGreaterThan(records.length * 0.03);
  });

  it('gives every party record an entity id, and entities recur across CRM, ERP and Billing and within one source', () => {
    const sourcesOf = new Map<string, Set<Topic>>();
    const crmRecords = new Map<string, number>();
    for (const { topic, truth } of records) {
      if (!PARTY_TOPICS.includes(topic)) {
        expect(truth.entityId).toBeUndefined();
        continue;
      }
      expect(truth.entityId).toMatch(/^E[PC]-\d{8}$/);
      const set = sourcesOf.get(truth.entityId as string) ?? new Set();
      sourcesOf.set(truth.entityId as string, set.add(topic));
      if (topic === 'raw.crm.customer') crmRecords.set(truth.entityId as string, (crmRecords.get(truth.entityId as string) ?? 0) + 1);
    }
    const inAllThree = [...sourcesOf.values()].filter((s) => s.size === 3).length;
    expect(inAllThree).toBeGreaterThan(20);
    expect([...crmRecords.values()].filter((n) => n > 1).length).toBeGreaterThan(5);
  });

  it('keeps its memory bounded: reference pools never exceed poolSize', () => {
    const generator = generateRecords({ records: 20_000, seed: 1, poolSize: 50 });
    let step = generator.next();
    while (!step.done) step = generator.next();
    const ctx = step.value;
    for (const pool of [ctx.persons, ctx.erpParties, ctx.customers, ctx.accounts, ctx.invoices]) expect(pool.size).toBeLessThanOrEqual(50);
  });
});
