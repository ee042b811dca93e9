/**
 * Rules vs the generator's ground truth: on a seeded batch, every planted defect (truth.defects, each checked
 * with the generator's own `isDefectPresent`) is found by the checks in config/checks applied to minimally
 * normalised records, and no clean record gets a single failed check.
 */
import { join } from 'node:path';
import { DEFECT_RULES, DEFECT_SPECS, generateRecords, isDefectPresent, isValidPhone, parseDefectCode, type RawRecord, type Topic } from '@rivulet/generator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledChecks } from './checks/compiledChecks.js';
import { evaluateRecord, type FailedCheck } from './checks/evaluateRecord.js';
import { loadChecksDir } from './checks/loadChecks.js';
import type { QualityContext } from './checks/qualityContext.js';

type Canonical = { entity: string; record: Record<string, unknown> };

const COUNTRY = new Set(['GB', 'United Kingdom', 'UK', 'Great Britain', 'gb', 'U.K.', 'GBR']);
const ts = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : v ?? null);
/** Valid UK numbers in any export format → E.164; anything else is kept as sent so validity can judge it. */
const phone = (v: unknown) => {
  if (typeof v !== 'string' || !isValidPhone(v)) return v ?? null;
  const digits = v.replace(/[\s().-]/g, '').replace(/^(\+44|0044|44|0)/, '');
  return `+44${digits}`;
};
const country = (v: unknown) => (typeof v === 'string' && COUNTRY.has(v) ? 'GB' : v ?? null);
const minor = (v: unknown) => (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? Math.round(Number(v) * 100) : v ?? null);
const money = (amount: unknown, currency: unknown) => (amount === null ? null : { amount_minor: minor(amount), currency: currency ?? null });
const address = (r: RawRecord, prefix = '') => ({
  street: r[`${prefix}street`] ?? null,
  city: r[`${prefix}city`] ?? null,
  postcode: r[`${prefix}postcode`] ?? null,
  country_code: country(r[`${prefix}country`]),
});

/** Raw field → the canonical field a defect on it lands in (when the name changes). */
const FIELD_MAP: Record<string, string> = {
  first_name: 'given_name', last_name: 'family_name', street: 'address.street', city: 'address.city',
  postcode: 'address.postcode', country: 'address.country_code', contact_first_name: 'given_name',
  contact_email: 'email', contact_phone: 'phone', credit_limit: 'credit_limit.amount_minor', total_amount: 'total.amount_minor',
  customer_email: 'email', billing_phone: 'phone', billing_street: 'address.street', billing_city: 'address.city',
  billing_postcode: 'address.postcode', billing_country: 'address.country_code', amount_due_minor: 'amount_due.amount_minor',
  amount_paid_minor: 'amount_paid.amount_minor', amount_minor: 'amount.amount_minor', calling_number: 'calling_number',
};
const CURRENCY_FIELD: Partial<Record<Topic, string>> = {
  'raw.erp.account': 'credit_limit.currency', 'raw.erp.order': 'total.currency', 'raw.billing.invoice': 'amount_due.currency', 'raw.billing.payment': 'amount.currency',
};

function normalise(topic: Topic, r: RawRecord, eventTime: number): Canonical[] {
  const envelope = { event_time: eventTime, source_system: topic.split('.')[1] };
  const base = { envelope };
  switch (topic) {
    case 'raw.crm.customer':
      return [{ entity: 'party', record: { ...base, party_key: `crm:customer:${r.customer_id}`, party_type: 'PERSON', role: 'customer', given_name: r.first_name, middle_name: r.middle_name, family_name: r.last_name, email: r.email, phone: phone(r.phone), date_of_birth: r.date_of_birth, address: address(r), region: r.region, segment: r.segment, status: r.status, created_at: ts(r.created_at), updated_at: ts(r.updated_at) } }];
    case 'raw.erp.account':
      return [
        { entity: 'account', record: { ...base, account_id: r.account_id, company_name: r.company_name, vat_id: r.vat_id, address: address(r), region: r.region, segment: r.segment, status: r.status, credit_limit: money(r.credit_limit, r.currency), created_at: ts(r.created_at), updated_at: ts(r.updated_at) } },
        { entity: 'party', record: { ...base, party_key: `erp:account_contact:${r.account_id}`, party_type: 'PERSON', role: 'account_contact', given_name: r.contact_first_name, family_name: r.contact_last_name, email: r.contact_email, phone: phone(r.contact_phone) } },
      ];
    case 'raw.erp.order':
      return [{ entity: 'order', record: { ...base, order_id: r.order_id, account_id: r.account_id, ordered_at: ts(r.order_date), status: r.status, total: money(r.total_amount, r.currency), item_count: r.item_count, channel: r.channel, region: r.region } }];
    case 'raw.billing.invoice':
      return [
        { entity: 'invoice', record: { ...base, invoice_id: r.invoice_id, account_id: r.account_id, customer_name: r.customer_name, amount_due: money(r.amount_due_minor, r.currency), amount_paid: money(r.amount_paid_minor, r.currency), issued_at: ts(r.issued_at), due_at: ts(r.due_at), paid_at: ts(r.paid_at), status: r.status, region: r.region, segment: r.segment } },
        { entity: 'party', record: { ...base, party_key: `billing:billed_customer:${r.invoice_id}`, party_type: 'PERSON', role: 'billed_customer', full_name: r.customer_name, email: r.customer_email, phone: phone(r.billing_phone), address: address(r, 'billing_'), region: r.region, segment: r.segment } },
      ];
    case 'raw.billing.payment':
      return [{ entity: 'payment', record: { ...base, payment_id: r.payment_id, invoice_id: r.invoice_id, amount: money(r.amount_minor, r.currency), method: r.method, paid_at: ts(r.paid_at), status: r.status } }];
    case 'raw.cdr.call':
      return [{ entity: 'usage', record: { ...base, usage_id: r.call_id, subscriber_id: r.subscriber_id, usage_type: r.call_type, calling_number: phone(r.calling_number), called_number: phone(r.called_number), started_at: ts(r.start_time), duration_seconds: r.duration_seconds, bytes_used: r.bytes_used, termination: r.termination, cell_id: r.cell_id, region: r.region } }];
    case 'raw.oss.network_event':
      return [{ entity: 'network_event', record: { ...base, network_event_id: r.event_id, element_id: r.element_id, element_type: r.element_type, region: r.region, severity: r.severity, event_type: r.event_type, occurred_at: ts(r.occurred_at), cleared_at: ts(r.cleared_at), description: r.description } }];
    case 'raw.oss.ticket':
      return [{ entity: 'ticket', record: { ...base, ticket_id: r.ticket_id, subscriber_id: r.subscriber_id, customer_ref: r.customer_ref, region: r.region, category: r.category, priority: r.priority, status: r.status, opened_at: ts(r.opened_at), resolved_at: ts(r.resolved_at), description: r.description } }];
  }
}

const EVENT_TIME_FIELD: Record<Topic, string> = {
  'raw.crm.customer': 'updated_at', 'raw.erp.account': 'updated_at', 'raw.erp.order': 'order_date', 'raw.billing.invoice': 'issued_at',
  'raw.billing.payment': 'paid_at', 'raw.cdr.call': 'start_time', 'raw.oss.network_event': 'occurred_at', 'raw.oss.ticket': 'opened_at',
};

describe('checks vs the generator truth', () => {
  let checks: Map<string, CompiledChecks>;
  beforeAll(async () => {
    checks = await loadChecksDir(join(import.meta.dirname, '../../../config/checks'));
  });

  it('given 6000 generated records with defects of every kind, then every planted defect is found and no clean record is flagged', () => {
    const ids = new Map<string, Set<string>>([['account', new Set()], ['invoice', new Set()], ['customer', new Set()]]);
    const seenKeys = new Set<string>();
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    let defects = 0;
    let clean = 0;
    const found = new Set<string>();
    const gen = generateRecords({ records: 6000, seed: 7, defects: { missing: 0.2, invalidFormat: 0.1, outOfRange: 0.05, outlier: 0.05, inconsistency: 0.05 } });
    for (const { topic, record, truth } of gen) {
      const t = record[EVENT_TIME_FIELD[topic]];
      const eventTime = typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : 0;
      const ctx: QualityContext = {
        now: eventTime,
        lookups: { exists: (entity, id) => ids.get(entity)?.has(id) ?? false, seen: (key) => seenKeys.has(key) || (seenKeys.add(key), false) },
      };
      const failed: FailedCheck[] = [];
      for (const c of normalise(topic, record, eventTime)) failed.push(...evaluateRecord(checks.get(c.entity)!, c.record, ctx).failed);
      if (topic === 'raw.erp.account') ids.get('account')!.add(String(record.account_id));
      if (topic === 'raw.billing.invoice') ids.get('invoice')!.add(String(record.invoice_id));
      if (topic === 'raw.crm.customer') ids.get('customer')!.add(String(record.customer_id));

      if (truth.defects.length === 0) {
        clean++;
        if (failed.length) falseAlarms.push(`${topic} ${JSON.stringify(record)} → ${failed.map((f) => f.message).join('; ')}`);
        continue;
      }
      for (const code of truth.defects) {
        if (!isDefectPresent(record, code)) continue;
        defects++;
        const { field, kind } = parseDefectCode(code);
        const target = field === 'currency' ? CURRENCY_FIELD[topic] : kind === 'missing' && field === 'credit_limit' ? 'credit_limit' : (FIELD_MAP[field] ?? field);
        if (failed.some((f) => f.field === target)) found.add(`${topic} ${code}`);
        else missed.push(`${topic} ${code} (looked for a failed check on ${target}; got ${failed.map((f) => f.check).join(', ') || 'none'})`);
      }
    }
    expect(missed.slice(0, 10)).toEqual([]);
    expect(falseAlarms.slice(0, 5)).toEqual([]);
    expect(defects).toBeGreaterThan(300);
    expect(clean).toBeGreaterThan(2000);
    // Coverage: every defect of the generator's catalogue (each kind on each field of each source) was planted
    // in this batch and found, so "nothing missed" is not true merely because a kind never came up.
    const catalogue = Object.entries(DEFECT_SPECS).flatMap(([topic, specs]) => specs.map((d) => `${topic} ${d.code}`));
    expect(catalogue.filter((c) => !found.has(c))).toEqual([]);
    expect(new Set([...found].map((c) => parseDefectCode(c.split(' ')[1]!).kind))).toEqual(new Set(Object.keys(DEFECT_RULES)));
  });
});
