import type { BuiltRecord, GenerationContext } from '../generationContext.js';
import { iso } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';

const pickMethod = createWeightedPicker([['CARD', 45], ['BANK_TRANSFER', 20], ['DIRECT_DEBIT', 30], ['CASH', 5]] as const);
const pickStatus = createWeightedPicker([['SETTLED', 85], ['PENDING', 8], ['FAILED', 5], ['REFUNDED', 2]] as const);

/** A payment against an invoice already emitted: usually the full amount, sometimes an instalment. */
export function buildPayment(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const invoice = ctx.invoices.pick(rng);
  const amount = rng.chance(0.8) ? invoice.amountDueMinor : Math.max(1, Math.floor(invoice.amountDueMinor / rng.int(2, 4)));
  const paymentId = ctx.nextId('raw.billing.payment', 'PAY');
  return {
    key: paymentId,
    region: invoice.region,
    eventMs: ctx.nowMs,
    record: {
      payment_id: paymentId,
      invoice_id: invoice.invoiceId,
      amount_minor: amount,
      currency: invoice.currency,
      method: pickMethod(rng),
      paid_at: ctx.nowIso(),
      status: pickStatus(rng),
    },
    truth: { variations: [], defects: [], incident: false, inIncidentScope: false },
  };
}
