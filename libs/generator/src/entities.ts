import { randomAddress, type Address } from './address.js';
import { FIRST_NAMES, LAST_NAMES, MIDDLE_NAMES } from './names.js';
import { randomNsn } from './phone.js';
import { createWeightedPicker, type Rng } from './prng.js';
import { REGIONS, type Region, type Segment } from './topics.js';

/** The real-world party behind party records: what every source's rendering is a (noisy) view of. */
export interface Person {
  readonly kind: 'person';
  readonly id: string;
  readonly seq: number;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly dateOfBirth: string;
  readonly emailLocal: string;
  readonly emailDomain: string;
  readonly phoneNsn: string;
  readonly address: Address;
  readonly segment: Segment;
}

export interface Company {
  readonly kind: 'company';
  readonly id: string;
  readonly seq: number;
  readonly name: string;
  readonly vatId: string;
  readonly domain: string;
  readonly phoneNsn: string;
  readonly address: Address;
  readonly segment: Segment;
  readonly contact: Person;
}

export type Entity = Person | Company;

export const EMAIL_PROVIDERS: readonly string[] = [
  'gmail.com', 'outlook.com', 'yahoo.co.uk', 'btinternet.com', 'hotmail.co.uk', 'icloud.com', 'proton.me', 'sky.com',
];

const COMPANY_STEMS = [
  'Northwind', 'Blue Harbour', 'Acme', 'Redwood', 'Silverline', 'Kestrel', 'Oakfield', 'Brightwater', 'Ironbridge',
  'Summit', 'Greenway', 'Pennine', 'Thames Valley', 'Highland', 'Cobalt', 'Meridian', 'Falcon', 'Willow & Ash',
  'Baker & Sons', 'Harbourside', 'Lime Street', 'Crown', 'Apex', 'Orchard',
];
const COMPANY_TRADES = [
  'Trading', 'Logistics', 'Consulting', 'Engineering', 'Foods', 'Media', 'Retail', 'Holdings', 'Systems', 'Builders',
  'Pharma', 'Telecom Services', 'Property', 'Design', 'Analytics',
];
export const LEGAL_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  Ltd: ['Limited', 'LTD', 'Ltd.'],
  PLC: ['plc', 'P.L.C.'],
  LLP: ['L.L.P.', 'llp'],
};

const pickRegion = createWeightedPicker<Region>(REGIONS.map((r) => [r, r === 'CENTRAL' ? 30 : 17.5] as const));
const pickPersonSegment = createWeightedPicker<Segment>([['CONSUMER', 80], ['SMB', 15], ['ENTERPRISE', 5]]);

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

export function entityId(kind: 'person' | 'company', seq: number): string {
  return `${kind === 'person' ? 'EP' : 'EC'}-${String(seq).padStart(8, '0')}`;
}

export function createPerson(rng: Rng, seq: number, region: Region = pickRegion(rng)): Person {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const first = slug(firstName);
  const last = slug(lastName);
  const pattern = rng.int(0, 3);
  const emailLocal =
    pattern === 0 ? `${first}.${last}` : pattern === 1 ? `${first[0]}${last}` : pattern === 2 ? `${first}_${last}${rng.int(1, 99)}` : `${first}.${last}${rng.int(1, 999)}`;
  const address = randomAddress(rng, region);
  return {
    kind: 'person',
    id: entityId('person', seq),
    seq,
    firstName,
    middleName: rng.chance(0.4) ? rng.pick(MIDDLE_NAMES) : null,
    lastName,
    dateOfBirth: `${rng.int(1940, 2006)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    emailLocal,
    emailDomain: rng.pick(EMAIL_PROVIDERS),
    phoneNsn: randomNsn(rng, address.city, rng.chance(0.75)),
    address,
    segment: pickPersonSegment(rng),
  };
}

export function createCompany(rng: Rng, seq: number, contact: Person, segment: Segment): Company {
  const stem = rng.pick(COMPANY_STEMS);
  const trade = rng.pick(COMPANY_TRADES);
  const suffix = segment === 'ENTERPRISE' && rng.chance(0.5) ? 'PLC' : rng.chance(0.15) ? 'LLP' : 'Ltd';
  // Business addresses sit in the contact's region more often than not.
  const region = rng.chance(0.7) ? contact.address.region : pickRegion(rng);
  const address = randomAddress(rng, region);
  return {
    kind: 'company',
    id: entityId('company', seq),
    seq,
    name: `${stem} ${trade} ${suffix}`,
    vatId: `GB${rng.int(100, 999)}${rng.int(1000, 9999)}${rng.int(10, 99)}`,
    domain: `${slug(stem)}${slug(trade).slice(0, 6)}.co.uk`,
    phoneNsn: randomNsn(rng, address.city, false),
    address,
    segment,
    contact,
  };
}

export function personEmail(p: Person): string {
  return `${p.emailLocal}@${p.emailDomain}`;
}

export function workEmail(p: Person, c: Company): string {
  return `${slug(p.firstName)}.${slug(p.lastName)}@${c.domain}`;
}

/** The same person's address after changing provider, adding a plus-alias, or a new local part. */
export function changedEmail(email: string, rng: Rng): string {
  const [local = 'user', domain = 'example.com'] = email.split('@');
  switch (rng.int(0, 2)) {
    case 0:
      return `${local}@${rng.pick(EMAIL_PROVIDERS.filter((d) => d !== domain))}`;
    case 1:
      return `${local}+${rng.pick(['shop', 'bills', 'news', 'work'])}@${domain}`;
    default:
      return `${local.replace(/[._]/g, '')}${rng.int(1, 99)}@${domain}`;
  }
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
