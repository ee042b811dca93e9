import { createDb, migrateLatest } from '@rivulet/db';
import { createPgPiiCipher, isEncrypted, protectRecord } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { loadSchemas } from '@rivulet/contracts';
import { createKafka, createLogger, DLQ_HEADERS, runProcessor, type RunningProcessor } from '@rivulet/runtime';
import { collectTopic, stackEnv, startGroupAtEnd, testKafka, TEST_MASTER_KEY, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformHandler } from './transformHandler.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const db = createDb({ url: env.databaseUrl });
const pii = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db });
const schemas = loadSchemas();
const tenant = uniqueName('tenant');
let app: RunningProcessor;

beforeAll(async () => {
  await migrateLatest(db);
  const logger = createLogger('transform-test', 'warn');
  const groupId = uniqueName('transform');
  await startGroupAtEnd(kafka, groupId, ['raw.crm.customer', 'raw.billing.invoice']);
  app = await runProcessor({
    app: 'transform',
    port: 0,
    exitOnSignal: false,
    logger,
    kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'transform-test' }, logger),
    codec: serde,
    topics: ['raw.crm.customer', 'raw.billing.invoice'],
    groupId,
    handler: createTransformHandler({ schemas }),
    lookups: { pii },
  });
});
afterAll(async () => {
  await app?.stop();
  await db.destroy();
});

const envelope = (id: string) => ({
  event_id: uniqueName('evt'),
  tenant_id: tenant,
  source_system: 'crm',
  event_time: Date.parse('2026-11-20T10:00:00Z'),
  ingest_time: Date.parse('2026-11-20T10:00:05Z'),
  schema_version: 1,
  lineage: null,
  pii_subject_id: `crm.customer:${id}`,
  trace_id: null,
});

describe('transform app on the real stack', () => {
  it('turns a raw CRM customer into a canonical party with normalised, still-encrypted personal fields', async () => {
    const raw = {
      envelope: envelope('C-1'),
      customer_id: 'C-1',
      first_name: '  josé ',
      middle_name: null,
      last_name: "o'brien",
      email: ' Jose.OBrien@Example.COM ',
      phone: '020 7946 0000',
      date_of_birth: '1980-02-29',
      street: '1 High St',
      city: 'London',
      postcode: 'SW1A 1AA',
      country: 'United Kingdom',
      region: 'SOUTH',
      segment: 'CONSUMER',
      status: 'ACTIVE',
      created_at: Date.parse('2026-01-01T00:00:00Z'),
      updated_at: Date.parse('2026-11-20T10:00:00Z'),
    };
    const protectedRaw = await protectRecord(schemas.get('CrmCustomerRecordReceived')!, raw, { tenantId: tenant, subjectId: 'crm.customer:C-1' }, pii);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'raw.crm.customer', messages: [{ key: `${tenant}/C-1`, value: await serde.encode('raw.crm.customer-value', protectedRaw) }] });
    await producer.disconnect();

    const parties = await collectTopic(kafka, 'canonical.party');
    const mine = () => parties.messages.filter((m) => m.message.key?.toString().startsWith(`${tenant}/`));
    await waitFor(() => mine().length >= 1, { timeoutMs: 90_000, description: 'canonical party of the tenant' });
    await parties.stop();
    const party = (await serde.decode(mine()[0]!.message.value!)).value as Record<string, unknown> & {
      envelope: { tenant_id: string; lineage: { origin_topic: string; mapping_version: string } };
      transformations: { field: string; rule: string }[];
    };
    expect(party.envelope.tenant_id).toBe(tenant);
    expect(party.envelope.lineage.origin_topic).toBe('raw.crm.customer');
    expect(party.envelope.lineage.mapping_version).toMatch(/^crm\.customer@/);
    expect(isEncrypted(party.email)).toBe(true);
    expect(JSON.stringify(party)).not.toMatch(/brien@example/i);
    expect((await pii.decrypt(tenant, party.email as string))).toEqual({ value: 'jose.obrien@example.com' });
    expect((await pii.decrypt(tenant, party.phone as string))).toEqual({ value: '+442079460000' });
    expect((party.address as { country_code: string }).country_code).toBe('GB');
    expect(party.transformations.map((t) => t.field)).toEqual(expect.arrayContaining(['email', 'address.country_code']));
  });

  it('dead-letters a raw invoice that cannot be mapped, with the reason', async () => {
    const invoice = {
      envelope: { ...envelope('I-1'), source_system: 'billing', pii_subject_id: null },
      invoice_id: 'I-1',
      account_id: 'A-1',
      customer_name: 'Ada',
      customer_email: null,
      billing_phone: null,
      billing_street: null,
      billing_city: null,
      billing_postcode: null,
      billing_country: null,
      amount_due_minor: 1000,
      amount_paid_minor: 0,
      currency: 'NOT-A-CURRENCY',
      issued_at: Date.parse('2026-11-20T10:00:00Z'),
      due_at: Date.parse('2026-12-20T10:00:00Z'),
      paid_at: null,
      status: 'ISSUED',
      region: 'NORTH',
      segment: null,
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'raw.billing.invoice', messages: [{ key: `${tenant}/I-1`, value: await serde.encode('raw.billing.invoice-value', invoice) }] });
    await producer.disconnect();
    const dlq = await collectTopic(kafka, 'dlq.transform');
    const mine = () => dlq.messages.filter((m) => m.message.key?.toString() === `${tenant}/I-1`);
    await waitFor(() => mine().length >= 1, { timeoutMs: 90_000, description: 'the dead letter' });
    await dlq.stop();
    const headers = mine()[0]!.message.headers!;
    expect(headers[DLQ_HEADERS.error]?.toString()).toMatch(/currency/i);
    expect(headers[DLQ_HEADERS.originTopic]?.toString()).toBe('raw.billing.invoice');
  });
});
