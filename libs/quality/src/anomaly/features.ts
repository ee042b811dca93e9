import { getField, toEpochMs } from '../fieldPath.js';

/** One numeric feature: a field, or the time between two timestamp fields. Absent values take `fill`. */
export type FeatureSpec =
  | { readonly name: string; readonly path: string; readonly fill?: number }
  | { readonly name: string; readonly from: string; readonly to: string; readonly unitMs: number; readonly fill?: number };

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Per canonical entity, the numbers whose joint shape says "unusual": amounts, durations, counts. Party records
 * have none worth modelling (their oddities are formats and matches, which rules and the matcher judge).
 */
export const ENTITY_FEATURES: Readonly<Record<string, readonly FeatureSpec[]>> = {
  order: [
    { name: 'total_minor', path: 'total.amount_minor' },
    { name: 'item_count', path: 'item_count' },
  ],
  invoice: [
    { name: 'amount_due_minor', path: 'amount_due.amount_minor' },
    { name: 'amount_paid_minor', path: 'amount_paid.amount_minor' },
    { name: 'payment_terms_days', from: 'issued_at', to: 'due_at', unitMs: DAY },
    { name: 'days_to_pay', from: 'issued_at', to: 'paid_at', unitMs: DAY, fill: -1 },
  ],
  payment: [{ name: 'amount_minor', path: 'amount.amount_minor' }],
  usage: [
    { name: 'duration_seconds', path: 'duration_seconds' },
    { name: 'bytes_used', path: 'bytes_used', fill: 0 },
  ],
  network_event: [{ name: 'hours_to_clear', from: 'occurred_at', to: 'cleared_at', unitMs: HOUR, fill: -1 }],
  ticket: [{ name: 'hours_to_resolve', from: 'opened_at', to: 'resolved_at', unitMs: HOUR, fill: -1 }],
  account: [{ name: 'credit_limit_minor', path: 'credit_limit.amount_minor', fill: 0 }],
};

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/** The feature vector of a record, or undefined when a feature without `fill` is absent or not a number. */
export function extractFeatures(record: unknown, features: readonly FeatureSpec[]): number[] | undefined {
  const out: number[] = [];
  for (const f of features) {
    const v = 'path' in f ? toNumber(getField(record, f.path)) : (toEpochMs(getField(record, f.to)) - toEpochMs(getField(record, f.from))) / f.unitMs;
    if (Number.isFinite(v)) out.push(v);
    else if (f.fill !== undefined) out.push(f.fill);
    else return undefined;
  }
  return out;
}
