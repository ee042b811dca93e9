import type { BuiltRecord, GenerationContext } from '../generationContext.js';
import { iso } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';
import type { Segment } from '../topics.js';

const pickStatus = createWeightedPicker([['PLACED', 30], ['SHIPPED', 25], ['DELIVERED', 35], ['CANCELLED', 6], ['RETURNED', 4]] as const);
const pickChannel = createWeightedPicker([['WEB', 50], ['STORE', 20], ['PARTNER', 10], ['PHONE', 20]] as const);
const UNIT_PRICE_MINOR: Record<Segment, [number, number]> = { CONSUMER: [199, 9_999], SMB: [999, 49_999], ENTERPRISE: [4_999, 250_000] };

/** Formats minor units as ERP's decimal string ("1234.50"). */
export function toDecimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An order on an account already emitted, in the account's currency and region. */
export function buildOrder(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const account = ctx.accounts.pick(rng);
  const itemCount = rng.int(1, account.segment === 'CONSUMER' ? 5 : 20);
  const [lo, hi] = UNIT_PRICE_MINOR[account.segment];
  // Capped so a clean order total stays well below the absurd-amount threshold.
  const totalMinor = Math.min(itemCount * rng.int(lo, hi), 4_999_999);
  const orderId = ctx.nextId('raw.erp.order', 'ORD');
  return {
    key: orderId,
    region: account.region,
    eventMs: ctx.nowMs,
    record: {
      order_id: orderId,
      account_id: account.accountId,
      order_date: ctx.nowIso(),
      status: pickStatus(rng),
      total_amount: toDecimal(totalMinor),
      currency: account.currency,
      item_count: itemCount,
      channel: pickChannel(rng),
      region: account.region,
    },
    truth: { variations: [], defects: [], incident: false, inIncidentScope: false },
  };
}
