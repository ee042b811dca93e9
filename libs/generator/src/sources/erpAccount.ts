import { canonicalStreet, variantAddress } from '../address.js';
import { personEmail, workEmail, type Company, type Entity, type Person } from '../entities.js';
import { DAY_MS, iso, SOURCE_BIT, type BuiltRecord, type GenerationContext } from '../generationContext.js';
import { CURRENCIES } from '../places.js';
import { createWeightedPicker } from '../prng.js';
import type { Segment } from '../topics.js';
import { renderCompanyName, renderPerson, type SourceStyle } from '../variations.js';

// ERP exports E.164 with spaces and ISO country codes.
const STYLE: SourceStyle = { phoneFormat: 'e164Spaced', country: 'GB' };
const pickSegment = createWeightedPicker<Segment>([['CONSUMER', 40], ['SMB', 45], ['ENTERPRISE', 15]]);
const pickStatus = createWeightedPicker([['OPEN', 85], ['SUSPENDED', 8], ['CLOSED', 7]] as const);
export const pickCurrency = createWeightedPicker(CURRENCIES);
const CREDIT: Record<Segment, [number, number]> = { CONSUMER: [500, 5_000], SMB: [5_000, 100_000], ENTERPRISE: [100_000, 1_000_000] };

export function renderCompanyAddress(company: Company, ctx: GenerationContext, variations: string[]) {
  if (!ctx.rng.chance(ctx.options.variations.addressFormat)) {
    return { street: canonicalStreet(company.address), city: company.address.city.name, postcode: company.address.postcode };
  }
  variations.push('address_format');
  return variantAddress(company.address, ctx.rng);
}

function newParty(ctx: GenerationContext): Entity {
  const { rng, options } = ctx;
  // crossSource: the account belongs to (or is run by) someone CRM already knows.
  const person: Person = ctx.persons.size > 0 && rng.chance(options.crossSource) ? ctx.persons.pick(rng) : ctx.newPerson();
  const segment = pickSegment(rng);
  return segment === 'CONSUMER' ? person : ctx.newCompany(person, segment);
}

/**
 * An ERP account: consumers are named after the person, businesses carry the company and its contact person.
 * At the duplicates rate it is a second account of a party ERP already holds.
 */
export function buildAccount(ctx: GenerationContext): BuiltRecord {
  const { rng, options } = ctx;
  const variations: string[] = [];
  const duplicate = ctx.erpParties.size > 0 && rng.chance(options.duplicates);
  const entity = duplicate ? ctx.erpParties.pick(rng) : newParty(ctx);
  if (duplicate) variations.push('duplicate_record');
  else ctx.erpParties.add(entity);
  const company: Company | null = entity.kind === 'company' ? entity : null;
  const contact = company ? company.contact : (entity as Person);
  ctx.markSource(entity, SOURCE_BIT.erp);
  ctx.markSource(contact, SOURCE_BIT.erp);

  const view = renderPerson(contact, company ? workEmail(contact, company) : personEmail(contact), STYLE, rng, options.variations, variations, !company);
  let { street, city, postcode } = view;
  if (company) ({ street, city, postcode } = renderCompanyAddress(company, ctx, variations));
  const segment = company ? company.segment : 'CONSUMER';
  const region = (company ?? contact).address.region;
  const currency = pickCurrency(rng);
  const [lo, hi] = CREDIT[segment];
  const accountId = ctx.nextId('raw.erp.account', 'ACC');
  const updatedMs = ctx.nowMs;
  ctx.accounts.add({ accountId, entity, currency, region, segment });
  return {
    key: accountId,
    region,
    eventMs: updatedMs,
    record: {
      account_id: accountId,
      company_name: company ? renderCompanyName(company, rng, options.variations, variations) : `${view.firstName} ${view.lastName}`,
      contact_first_name: view.firstName,
      contact_last_name: view.lastName,
      contact_email: view.email,
      contact_phone: view.phone,
      vat_id: company ? (rng.chance(0.2) ? company.vatId.replace(/^GB(\d{3})(\d{4})(\d{2})$/, 'GB $1 $2 $3') : company.vatId) : null,
      street,
      city,
      postcode,
      country: view.country,
      region,
      segment,
      status: pickStatus(rng),
      credit_limit: `${rng.int(lo / 100, hi / 100) * 100}.00`,
      currency,
      created_at: iso(updatedMs - rng.int(0, 8 * 365) * DAY_MS - rng.int(0, DAY_MS - 1)),
      updated_at: ctx.nowIso(),
    },
    truth: {
      entityId: entity.id,
      entityKind: entity.kind,
      ...(company ? { contactEntityId: contact.id } : {}),
      variations,
      defects: [],
      incident: false,
      inIncidentScope: false,
    },
  };
}
