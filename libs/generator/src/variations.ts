import { canonicalStreet, variantAddress } from './address.js';
import { changedEmail, LEGAL_SUFFIXES, type Company, type Person } from './entities.js';
import { NICKNAMES } from './names.js';
import { formatPhone, PHONE_FORMATS, type PhoneFormat } from './phone.js';
import { COUNTRY_SPELLINGS } from './places.js';
import type { Rng } from './prng.js';
import { typo } from './typo.js';

/**
 * Probabilities (0..1, per party record) of each way a source's copy of a party differs from the real one.
 * None of them is a defect: a matcher and the transform should see through all of them.
 */
export interface VariationRates {
  typo: number;
  nickname: number;
  swappedNames: number;
  /** Applies only to people who have a middle name. */
  missingMiddleName: number;
  phoneFormat: number;
  addressFormat: number;
  emailChanged: number;
  countrySpelling: number;
}

/** How one source writes things by default; a variation departs from it. */
export interface SourceStyle {
  readonly phoneFormat: PhoneFormat;
  readonly country: string;
}

export interface PersonView {
  firstName: string;
  middleName: string | null;
  lastName: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  postcode: string;
  country: string;
}

// Precomputed "any other spelling than the source's own" lists: these run for every party record.
const OTHER_FORMATS = new Map(PHONE_FORMATS.map((f) => [f, PHONE_FORMATS.filter((g) => g !== f)]));
const OTHER_COUNTRIES = new Map(COUNTRY_SPELLINGS.map((c) => [c, COUNTRY_SPELLINGS.filter((d) => d !== c)]));

export function renderContact(email: string, phoneNsn: string, style: SourceStyle, rng: Rng, rates: VariationRates, out: string[]) {
  let phoneFormat = style.phoneFormat;
  if (rng.chance(rates.phoneFormat)) {
    phoneFormat = rng.pick(OTHER_FORMATS.get(style.phoneFormat) ?? PHONE_FORMATS);
    out.push('phone_format');
  }
  let country = style.country;
  if (rng.chance(rates.countrySpelling)) {
    country = rng.pick(OTHER_COUNTRIES.get(style.country) ?? COUNTRY_SPELLINGS);
    out.push('country_spelling');
  }
  let finalEmail = email;
  if (rng.chance(rates.emailChanged)) {
    finalEmail = changedEmail(email, rng);
    out.push('email_changed');
  }
  return { phone: formatPhone(phoneNsn, phoneFormat), country, email: finalEmail };
}

/**
 * Renders a person as one source holds them; pushes the codes of the variations applied onto `out`.
 * `includeAddress: false` when the record shows another address (a company's), so no invisible variation is claimed.
 */
export function renderPerson(
  p: Person,
  email: string,
  style: SourceStyle,
  rng: Rng,
  rates: VariationRates,
  out: string[],
  includeAddress = true,
): PersonView {
  let firstName = p.firstName;
  let lastName = p.lastName;
  let middleName = p.middleName;
  const nicknames = NICKNAMES[firstName];
  if (nicknames && rng.chance(rates.nickname)) {
    firstName = rng.pick(nicknames);
    out.push('nickname');
  }
  if (middleName !== null && rng.chance(rates.missingMiddleName)) {
    middleName = null;
    out.push('missing_middle_name');
  }
  if (rng.chance(rates.swappedNames)) {
    [firstName, lastName] = [lastName, firstName];
    out.push('swapped_names');
  }
  let street = canonicalStreet(p.address);
  let city = p.address.city.name;
  let postcode = p.address.postcode;
  if (includeAddress && rng.chance(rates.addressFormat)) {
    ({ street, city, postcode } = variantAddress(p.address, rng));
    out.push('address_format');
  }
  if (rng.chance(rates.typo)) {
    const which = rng.int(0, includeAddress ? 2 : 1);
    if (which === 0) firstName = typo(firstName, rng);
    else if (which === 1) lastName = typo(lastName, rng);
    else street = typo(street, rng);
    out.push(`typo:${['first_name', 'last_name', 'street'][which]}`);
  }
  return { firstName, middleName, lastName, street, city, postcode, ...renderContact(email, p.phoneNsn, style, rng, rates, out) };
}

/** A company's name as a source writes it: legal suffix spelled differently, "&" vs "and", case, typo. */
export function renderCompanyName(c: Company, rng: Rng, rates: VariationRates, out: string[]): string {
  let name = c.name;
  if (rng.chance(rates.addressFormat)) {
    const words = name.split(' ');
    const suffix = words[words.length - 1] as string;
    const alternatives = LEGAL_SUFFIXES[suffix];
    if (alternatives) words[words.length - 1] = rng.pick(alternatives);
    name = words.join(' ').replace(' & ', ' and ');
    if (rng.chance(0.3)) name = name.toUpperCase();
    out.push('company_name_format');
  }
  if (rng.chance(rates.typo)) {
    name = typo(name, rng);
    out.push('typo:company_name');
  }
  return name;
}
