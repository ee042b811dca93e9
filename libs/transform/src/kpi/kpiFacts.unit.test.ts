import { loadSchemas } from '@rivulet/contracts';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { applyMapping } from '../mapping/applyMapping.js';
import { loadMappings } from '../mapping/loadMappings.js';
import { SAMPLE_RAW_RECORDS } from '../mapping/sampleRawRecords.unit.fixture.js';
import type { CanonicalEvent } from './canonicalEvent.js';
import { kpiFacts } from './kpiFacts.js';

const mappings = loadMappings();
const ctx = { origin: { topic: 'raw.test', partition: 0, offset: 1 } };
const canonical = (name: string, patch: Record<string, unknown> = {}): CanonicalEvent => {
  const mapping = mappings.get(name);
  if (!mapping) throw new Error(name);
  const output = applyMapping(mapping, { ...SAMPLE_RAW_RECORDS[name], ...patch }, ctx).outputs[0];
  return output as unknown as CanonicalEvent;
};
const summary = (event: CanonicalEvent) => kpiFacts(event).map((f) => [f.kpi, f.value, f.unit]);

describe('kpiFacts', () => {
  it('given an overdue invoice, when facts are derived, then revenue, count and the outstanding amount by currency', () => {
    expect(summary(canonical('billing.invoice'))).toEqual([
      ['revenue_invoiced', 12345, 'GBP_minor'], ['invoice_count', 1, 'count'], ['overdue_amount', 12345, 'GBP_minor'],
    ]);
  });
  it('given a partly paid invoice, when facts are derived, then paid amount at paid_at; a draft counts nothing', () => {
    const paid = kpiFacts(canonical('billing.invoice', { status: 'PAID', amount_paid_minor: 12345, paid_at: 1_771_000_000_000 }));
    expect(paid.find((f) => f.kpi === 'paid_amount')).toMatchObject({ value: 12345, occurred_at: 1_771_000_000_000 });
    expect(summary(canonical('billing.invoice', { status: 'DRAFT' }))).toEqual([]);
  });
  it('given an order, when facts are derived, then order value in minor units of its currency and a count', () => {
    expect(summary(canonical('erp.order'))).toEqual([['order_value', 123450, 'EUR_minor'], ['order_count', 1, 'count']]);
    expect(summary(canonical('erp.order', { status: 'CANCELLED' }))).toEqual([]);
  });
  it('given a dropped voice call, when facts are derived, then count, minutes and dropped; SMS gives none', () => {
    expect(summary(canonical('cdr.call'))).toEqual([['call_count', 1, 'count'], ['call_minutes', 185 / 60, 'minutes'], ['dropped_calls', 1, 'count']]);
    expect(summary(canonical('cdr.call', { call_type: 'SMS' }))).toEqual([]);
  });
  it('given a network event and a ticket, when facts are derived, then totals and per severity/priority counts with region', () => {
    expect(summary(canonical('oss.network_event'))).toEqual([['network_incidents', 1, 'count'], ['network_incidents_major', 1, 'count']]);
    const tickets = kpiFacts(canonical('oss.ticket'));
    expect(tickets.map((f) => f.kpi)).toEqual(['tickets_opened', 'tickets_opened_p2']);
    expect(tickets[0]?.dimensions).toEqual({ region: 'London', segment: null, source_system: 'oss' });
  });
  it('given a party or an account, when facts are derived, then none', () => {
    expect(kpiFacts(canonical('crm.customer'))).toEqual([]);
  });
  it('given every sample, when facts are derived, then each is a valid KpiFactRecorded with a distinct deterministic id', () => {
    const type = avro.Type.forSchema(loadSchemas().get('KpiFactRecorded')?.schema as avro.Schema);
    const facts = Object.keys(SAMPLE_RAW_RECORDS).flatMap((name) => kpiFacts(canonical(name)));
    expect(facts.length).toBeGreaterThan(10);
    for (const f of facts) expect(type.isValid(f), f.kpi).toBe(true);
    expect(new Set(facts.map((f) => f.envelope.event_id)).size).toBe(facts.length);
    expect(kpiFacts(canonical('cdr.call'))).toEqual(kpiFacts(canonical('cdr.call')));
  });
});
