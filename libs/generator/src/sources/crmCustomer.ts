import { personEmail } from '../entities.js';
import { DAY_MS, iso, SOURCE_BIT, type BuiltRecord, type GenerationContext } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';
import { renderPerson, type SourceStyle } from '../variations.js';

// CRM exports national phone format and spells the country out.
const STYLE: SourceStyle = { phoneFormat: 'national', country: 'United Kingdom' };
const pickStatus = createWeightedPicker([['ACTIVE', 75], ['INACTIVE', 8], ['PROSPECT', 10], ['CHURNED', 7]] as const);

/** A CRM customer: a new person, or (at the duplicates rate) a second record of a person CRM already holds. */
export function buildCustomer(ctx: GenerationContext): BuiltRecord {
  const { rng, options } = ctx;
  const variations: string[] = [];
  const duplicate = ctx.persons.size > 0 && rng.chance(options.duplicates);
  const person = duplicate ? ctx.persons.pick(rng) : ctx.newPerson();
  if (duplicate) variations.push('duplicate_record');
  else ctx.persons.add(person);
  ctx.markSource(person, SOURCE_BIT.crm);

  const view = renderPerson(person, personEmail(person), STYLE, rng, options.variations, variations);
  const customerId = ctx.nextId('raw.crm.customer', 'CUS');
  const updatedMs = ctx.nowMs;
  const createdMs = updatedMs - rng.int(0, 5 * 365) * DAY_MS - rng.int(0, DAY_MS - 1);
  const region = person.address.region;
  ctx.customers.add({ customerId, person, region });
  return {
    key: customerId,
    region,
    eventMs: updatedMs,
    record: {
      customer_id: customerId,
      first_name: view.firstName,
      middle_name: view.middleName,
      last_name: view.lastName,
      email: view.email,
      phone: view.phone,
      date_of_birth: person.dateOfBirth,
      street: view.street,
      city: view.city,
      postcode: view.postcode,
      country: view.country,
      region,
      segment: person.segment,
      status: pickStatus(rng),
      created_at: iso(createdMs),
      updated_at: ctx.nowIso(),
    },
    truth: { entityId: person.id, entityKind: 'person', variations, defects: [], incident: false, inIncidentScope: false },
  };
}
