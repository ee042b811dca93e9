import { personEmail, type Company, type Person } from '../entities.js';
import { DAY_MS, iso, SOURCE_BIT, type BuiltRecord, type GenerationContext } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';
import type { Segment } from '../topics.js';
import { renderCompanyName, renderContact, renderPerson, type SourceStyle } from '../variations.js';
import { renderCompanyAddress } from './erpAccount.js';

// Billing prints international "0044" numbers and "UK".
const STYLE: SourceStyle = { phoneFormat: 'international00', country: 'UK' };
const pickStatus = createWeightedPicker([['ISSUED', 45], ['PAID', 40], ['OVERDUE', 10], ['DRAFT', 3], ['CANCELLED', 2]] as const);
const AMOUNT_MINOR: Record<Segment, [number, number]> = { CONSUMER: [1_000, 25_000], SMB: [5_000, 300_000], ENTERPRISE: [100_000, 2_000_000] };

function billedParty(ctx: GenerationContext, entity: Person | Company, variations: string[]) {
  const { rng, options } = ctx;
  if (entity.kind === 'person') {
    const v = renderPerson(entity, personEmail(entity), STYLE, rng, options.variations, variations);
    // Billing prints the full name as one string, middle name included when it has one.
    const name = [v.firstName, v.middleName, v.lastName].filter((part) => part !== null).join(' ');
    return { name, email: v.email, phone: v.phone, street: v.street, city: v.city, postcode: v.postcode, country: v.country };
  }
  const name = renderCompanyName(entity, rng, options.variations, variations);
  const address = renderCompanyAddress(entity, ctx, variations);
  const mailbox = `accounts@${entity.domain}`;
  return { name, ...address, ...renderContact(mailbox, entity.phoneNsn, STYLE, rng, options.variations, variations) };
}

/** An invoice to an ERP account, with the account's party as billed (the third view of the same entity). */
export function buildInvoice(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const account = ctx.accounts.pick(rng);
  const entity = account.entity;
  ctx.markSource(entity, SOURCE_BIT.billing);
  const variations: string[] = [];
  const party = billedParty(ctx, entity, variations);
  const [lo, hi] = AMOUNT_MINOR[account.segment];
  const amountDue = rng.int(lo, hi);
  const status = pickStatus(rng);
  const issuedMs = ctx.nowMs;
  const paid = status === 'PAID';
  const invoiceId = ctx.nextId('raw.billing.invoice', 'INV');
  ctx.invoices.add({ invoiceId, currency: account.currency, amountDueMinor: amountDue, region: account.region });
  return {
    key: invoiceId,
    region: account.region,
    eventMs: issuedMs,
    record: {
      invoice_id: invoiceId,
      account_id: account.accountId,
      customer_name: party.name,
      customer_email: party.email,
      billing_phone: party.phone,
      billing_street: party.street,
      billing_city: party.city,
      billing_postcode: party.postcode,
      billing_country: party.country,
      amount_due_minor: amountDue,
      amount_paid_minor: paid ? amountDue : status === 'OVERDUE' && rng.chance(0.3) ? Math.floor(amountDue / 2) : 0,
      currency: account.currency,
      issued_at: ctx.nowIso(),
      due_at: iso(issuedMs + (account.segment === 'CONSUMER' ? 14 : 30) * DAY_MS),
      paid_at: paid ? iso(ctx.clamp(issuedMs + rng.int(0, 20 * 24) * 3_600_000)) : null,
      status,
      region: account.region,
      segment: account.segment,
    },
    truth: {
      entityId: entity.id,
      entityKind: entity.kind,
      variations,
      defects: [],
      incident: false,
      inIncidentScope: false,
    },
  };
}
