import type { BuiltRecord, GenerationContext } from '../generationContext.js';
import { HOUR_MS, iso } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';

const pickCategory = createWeightedPicker([['NETWORK', 35], ['BILLING', 30], ['SERVICE', 25], ['OTHER', 10]] as const);
const pickPriority = createWeightedPicker([['P1', 5], ['P2', 15], ['P3', 45], ['P4', 35]] as const);
const pickStatus = createWeightedPicker([['OPEN', 20], ['IN_PROGRESS', 15], ['RESOLVED', 40], ['CLOSED', 25]] as const);
const TEXT: Record<string, readonly string[]> = {
  NETWORK: ['No signal at home since this morning', 'Calls keep dropping, "no service" shown', 'Slow data, speed test < 1 Mbps'],
  BILLING: ['Charged twice for March', 'Invoice total wrong, please check, thanks', 'Direct debit failed\nbank says mandate is fine'],
  SERVICE: ['Wants to upgrade plan', 'Porting request, number "07700 900123"', 'Router replacement, delivery address changed'],
  OTHER: ['Complaint about shop visit', 'General enquiry'],
};

/** A ticket raised by a subscriber (CRM customer) or, for business accounts, against the ERP account. */
export function buildTicket(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const bySubscriber = ctx.customers.size > 0 && (ctx.accounts.size === 0 || rng.chance(0.7));
  const subscriber = bySubscriber ? ctx.customers.pick(rng) : null;
  const account = subscriber === null ? ctx.accounts.pick(rng) : null;
  const region = subscriber?.region ?? account?.region ?? null;
  const category = pickCategory(rng);
  const status = pickStatus(rng);
  const openedMs = ctx.nowMs;
  const resolved = status === 'RESOLVED' || status === 'CLOSED';
  const ticketId = ctx.nextId('raw.oss.ticket', 'TCK');
  return {
    key: ticketId,
    region,
    eventMs: openedMs,
    record: {
      ticket_id: ticketId,
      subscriber_id: subscriber?.customerId ?? null,
      customer_ref: account?.accountId ?? null,
      region,
      category,
      priority: pickPriority(rng),
      status,
      opened_at: ctx.nowIso(),
      resolved_at: resolved ? iso(ctx.clamp(openedMs + rng.int(1, 5 * 24) * HOUR_MS)) : null,
      description: rng.pick(TEXT[category] ?? ['']),
    },
    truth: { variations: [], defects: [], incident: false, inIncidentScope: false },
  };
}
