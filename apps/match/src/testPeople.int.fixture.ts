/**
 * Raw source records (docs/raw-records.md) of one person, Mary O'Brien, as CRM, ERP and Billing export her,
 * plus a different person. Test data only; run through @rivulet/transform's mappings to get canonical parties.
 */
const envelope = (tenant: string, source: string, id: string, time: number) => ({
  event_id: `${tenant}-${source}-${id}`,
  tenant_id: tenant,
  source_system: source,
  event_time: time,
  ingest_time: time + 1_000,
  schema_version: 1,
  lineage: null,
  pii_subject_id: `${source}:${id}`,
  trace_id: null,
});

const T = 1_774_000_000_000;

export function rawPeople(tenant: string): [topic: string, raw: Record<string, unknown>][] {
  return [
    ['raw.crm.customer', {
      envelope: envelope(tenant, 'crm', 'CUS-1', T), customer_id: 'CUS-1', first_name: ' mary ', middle_name: null, last_name: "O'BRIEN",
      email: 'Mary.OBrien@Example.com', phone: '(020) 7946-0000', date_of_birth: '1980-03-12', street: '1 High Street', city: 'london',
      postcode: 'sw1a 1aa', country: 'United Kingdom', region: 'London', segment: 'consumer', status: 'ACTIVE', created_at: T - 86_400_000, updated_at: T,
    }],
    ['raw.erp.account', {
      envelope: envelope(tenant, 'erp', 'ACC-1', T + 1), account_id: 'ACC-1', company_name: "O'Brien Consulting Ltd", contact_first_name: 'Mary',
      contact_last_name: "O'Brien", contact_email: 'mary.obrien@example.com', contact_phone: '+44 20 7946 0000', vat_id: null,
      street: '1 High St', city: 'London', postcode: 'SW1A 1AA', country: 'UK', region: 'London', segment: 'SMB', status: 'OPEN',
      credit_limit: null, currency: null, created_at: T - 1_000, updated_at: T + 1,
    }],
    ['raw.billing.invoice', {
      envelope: envelope(tenant, 'billing', 'INV-1', T + 2), invoice_id: 'INV-1', account_id: 'ACC-1', customer_name: "MARY O'BRIEN",
      customer_email: 'mary.obrien@example.com', billing_phone: '+44 20 7946 0000', billing_street: '1 High Street', billing_city: 'London',
      billing_postcode: 'SW1A 1AA', billing_country: 'GB', amount_due_minor: 12_345, amount_paid_minor: 0, currency: 'GBP',
      issued_at: T + 2, due_at: T + 30 * 86_400_000, paid_at: null, status: 'ISSUED', region: 'London', segment: 'CONSUMER',
    }],
    ['raw.crm.customer', {
      envelope: envelope(tenant, 'crm', 'CUS-2', T + 3), customer_id: 'CUS-2', first_name: 'Rajesh', middle_name: null, last_name: 'Kumar',
      email: 'r.kumar@example.org', phone: '0161 496 0123', date_of_birth: '1975-11-02', street: '42 Canal Street', city: 'Manchester',
      postcode: 'M1 3HE', country: 'GB', region: 'North', segment: 'CONSUMER', status: 'ACTIVE', created_at: T, updated_at: T + 3,
    }],
  ];
}

/** A later CRM record of the same Mary (a second account at the same CRM), for the restart test. */
export function rawMaryAgain(tenant: string): [string, Record<string, unknown>] {
  return ['raw.crm.customer', {
    envelope: envelope(tenant, 'crm', 'CUS-3', T + 10), customer_id: 'CUS-3', first_name: 'Mary', middle_name: null, last_name: "O'Brien",
    email: 'mary.obrien@example.com', phone: '020 7946 0000', date_of_birth: '1980-03-12', street: '1 High Street', city: 'London',
    postcode: 'SW1A 1AA', country: 'GB', region: 'London', segment: 'CONSUMER', status: 'ACTIVE', created_at: T + 10, updated_at: T + 10,
  }];
}

const GIVEN = ['Aisha', 'Bartholomew', 'Chioma', 'Dmitri', 'Eleanor', 'Fergus', 'Gwendolyn', 'Hiroshi', 'Ingrid', 'Jasper'];
const FAMILY = ['Okonkwo', 'Fairweather', 'Nakamura', 'Volkov', 'Pemberton', 'MacAlister', 'Trevelyan', 'Lindqvist', 'Castellano', 'Abernathy'];
const TOWNS = [['Leeds', 'LS1 4AP'], ['Bristol', 'BS1 5TR'], ['York', 'YO1 7HH'], ['Bath', 'BA1 1LZ'], ['Derby', 'DE1 2FS']] as const;

/**
 * Person `i` (0..9, clearly different from each other) as CRM, ERP (a consumer account) and Billing export them:
 * three raw records, one real-world person.
 */
export function rawPerson(tenant: string, i: number): [topic: string, raw: Record<string, unknown>][] {
  const given = GIVEN[i]!;
  const family = FAMILY[i]!;
  const [city, postcode] = TOWNS[i % TOWNS.length]!;
  const email = `${given}.${family}@example.net`.toLowerCase();
  const phone = `07700 9${String(10_000 + i * 7_919).padStart(5, '0')}`;
  const street = `${10 + i} Station Road`;
  const t = T + 100 + i * 10;
  return [
    ['raw.crm.customer', {
      envelope: envelope(tenant, 'crm', `P${i}-C`, t), customer_id: `P${i}-C`, first_name: given, middle_name: null, last_name: family,
      email, phone, date_of_birth: `19${60 + i}-0${1 + (i % 9)}-1${i}`, street, city, postcode, country: 'GB', region: 'North',
      segment: 'CONSUMER', status: 'ACTIVE', created_at: t, updated_at: t,
    }],
    ['raw.erp.account', {
      envelope: envelope(tenant, 'erp', `P${i}-A`, t + 1), account_id: `P${i}-A`, company_name: `${given} ${family}`, contact_first_name: given,
      contact_last_name: family, contact_email: email, contact_phone: phone, vat_id: null, street, city, postcode, country: 'UK',
      region: 'North', segment: 'CONSUMER', status: 'OPEN', credit_limit: '500.00', currency: 'GBP', created_at: t, updated_at: t + 1,
    }],
    ['raw.billing.invoice', {
      envelope: envelope(tenant, 'billing', `P${i}-I`, t + 2), invoice_id: `P${i}-I`, account_id: `P${i}-A`, customer_name: `${given} ${family}`.toUpperCase(),
      customer_email: email, billing_phone: phone, billing_street: street, billing_city: city, billing_postcode: postcode, billing_country: 'GB',
      amount_due_minor: 1_000, amount_paid_minor: 0, currency: 'GBP', issued_at: t + 2, due_at: t + 2 + 86_400_000, paid_at: null, status: 'ISSUED',
      region: 'North', segment: 'CONSUMER',
    }],
  ];
}
