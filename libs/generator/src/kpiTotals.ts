import { amountOf } from './defectRules.js';
import type { GeneratedRecord } from './generateRecords.js';
import type { RawRecord, RawValue } from './topics.js';

/**
 * Expected KPI totals, computed from the records exactly as emitted, so the transform's `kpi.facts` can be
 * summed and compared. Amounts are minor units per currency (ERP decimals converted); unreadable amounts are
 * counted, not summed. Records without a region count under "UNKNOWN".
 */
type Counter = Record<string, number>;

export interface KpiTotals {
  invoices: { count: number; amountDueMinor: Counter; amountPaidMinor: Counter; byStatus: Counter; countByRegion: Counter };
  payments: { count: number; amountMinor: Counter; settledAmountMinor: Counter; byStatus: Counter };
  orders: { count: number; totalAmountMinor: Counter; unreadableAmounts: number; byStatus: Counter; byChannel: Counter };
  calls: {
    count: number;
    durationSeconds: number;
    minutes: number;
    /** Voice only: "call minutes" as billing means them (data sessions and SMS excluded). */
    voiceDurationSeconds: number;
    voiceMinutes: number;
    /** VOICE calls and dropped VOICE calls: what the call_count and dropped_calls KPIs count. */
    voiceCount: number;
    voiceDropped: number;
    dropped: number;
    byTermination: Counter;
    byRegion: Record<string, { count: number; dropped: number; durationSeconds: number }>;
  };
  networkEvents: { count: number; bySeverity: Counter; byRegion: Counter };
  tickets: { count: number; byCategory: Counter; byPriority: Counter; byRegion: Counter };
  customers: { count: number };
  accounts: { count: number };
}

const key = (v: RawValue | undefined): string => (v === null || v === undefined || v === '' ? 'UNKNOWN' : String(v));
function bump(c: Counter, k: string, by = 1): void {
  c[k] = (c[k] ?? 0) + by;
}

export function emptyKpiTotals(): KpiTotals {
  return {
    invoices: { count: 0, amountDueMinor: {}, amountPaidMinor: {}, byStatus: {}, countByRegion: {} },
    payments: { count: 0, amountMinor: {}, settledAmountMinor: {}, byStatus: {} },
    orders: { count: 0, totalAmountMinor: {}, unreadableAmounts: 0, byStatus: {}, byChannel: {} },
    calls: { count: 0, durationSeconds: 0, minutes: 0, voiceDurationSeconds: 0, voiceMinutes: 0, voiceCount: 0, voiceDropped: 0, dropped: 0, byTermination: {}, byRegion: {} },
    networkEvents: { count: 0, bySeverity: {}, byRegion: {} },
    tickets: { count: 0, byCategory: {}, byPriority: {}, byRegion: {} },
    customers: { count: 0 },
    accounts: { count: 0 },
  };
}

function addCall(k: KpiTotals['calls'], r: RawRecord): void {
  const seconds = typeof r.duration_seconds === 'number' ? r.duration_seconds : 0;
  const dropped = r.termination === 'DROPPED' ? 1 : 0;
  k.count++;
  k.durationSeconds += seconds;
  k.minutes = Math.round((k.durationSeconds / 60) * 100) / 100;
  if (r.call_type === 'VOICE') {
    k.voiceCount++;
    k.voiceDropped += dropped;
    k.voiceDurationSeconds += seconds;
    k.voiceMinutes = Math.round((k.voiceDurationSeconds / 60) * 100) / 100;
  }
  k.dropped += dropped;
  bump(k.byTermination, key(r.termination));
  const region = (k.byRegion[key(r.region)] ??= { count: 0, dropped: 0, durationSeconds: 0 });
  region.count++;
  region.dropped += dropped;
  region.durationSeconds += seconds;
}

/** Folds one record into the totals (mutates and returns them). */
export function addToKpiTotals(k: KpiTotals, { topic, record: r }: GeneratedRecord): KpiTotals {
  switch (topic) {
    case 'raw.billing.invoice':
      k.invoices.count++;
      bump(k.invoices.amountDueMinor, key(r.currency), amountOf(r.amount_due_minor));
      bump(k.invoices.amountPaidMinor, key(r.currency), amountOf(r.amount_paid_minor));
      bump(k.invoices.byStatus, key(r.status));
      bump(k.invoices.countByRegion, key(r.region));
      break;
    case 'raw.billing.payment':
      k.payments.count++;
      bump(k.payments.amountMinor, key(r.currency), amountOf(r.amount_minor));
      if (r.status === 'SETTLED') bump(k.payments.settledAmountMinor, key(r.currency), amountOf(r.amount_minor));
      bump(k.payments.byStatus, key(r.status));
      break;
    case 'raw.erp.order': {
      k.orders.count++;
      const amount = amountOf(r.total_amount);
      if (Number.isNaN(amount)) k.orders.unreadableAmounts++;
      else bump(k.orders.totalAmountMinor, key(r.currency), Math.round(amount * 100));
      bump(k.orders.byStatus, key(r.status));
      bump(k.orders.byChannel, key(r.channel));
      break;
    }
    case 'raw.cdr.call':
      addCall(k.calls, r);
      break;
    case 'raw.oss.network_event':
      k.networkEvents.count++;
      bump(k.networkEvents.bySeverity, key(r.severity));
      bump(k.networkEvents.byRegion, key(r.region));
      break;
    case 'raw.oss.ticket':
      k.tickets.count++;
      bump(k.tickets.byCategory, key(r.category));
      bump(k.tickets.byPriority, key(r.priority));
      bump(k.tickets.byRegion, key(r.region));
      break;
    case 'raw.crm.customer':
      k.customers.count++;
      break;
    case 'raw.erp.account':
      k.accounts.count++;
      break;
  }
  return k;
}
