import { loadSchemas } from '@rivulet/contracts';
import { createDb, migrateLatest } from '@rivulet/db';
import type { GoldenEntityUpdated, MatchDecisionMade } from '@rivulet/matching';
import { createPgPiiCipher, isEncrypted, protectRecord } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger } from '@rivulet/runtime';
import { collectTopic, createTopics, stackEnv, testKafka, TEST_MASTER_KEY, uniqueName, waitFor } from '@rivulet/testkit';
import { applyMapping, loadMappings, mappingFor } from '@rivulet/transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchConfigSchema, matchStorageOf } from './config.js';
import { EVENT_ID_HEADER } from './matchRecord.js';
import { defaultMatchSettings } from './matchSettings.js';
import { startMatchApp, type MatchApp, type MatchAppOptions } from './matchApp.js';
import { rawMaryAgain, rawPeople, rawPerson } from './testPeople.int.fixture.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const schemas = loadSchemas();
const schemaName = uniqueName('match').replaceAll('-', '_');
// The app's own wiring for DB_SCHEMA (apps/match/src/index.ts): its state in this run's schema, the keys in public.
const storage = matchStorageOf(matchConfigSchema.parse({ RIVULET_MASTER_KEY: TEST_MASTER_KEY, DB_SCHEMA: schemaName }));
const db = createDb({ url: env.databaseUrl, searchPath: storage.searchPath!, maxConnections: 8 });
const cipher = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db, keysSchema: storage.keysSchema! });
const mappings = loadMappings();
const topics = { input: uniqueName('party'), decisions: uniqueName('decisions'), golden: uniqueName('golden'), dlq: uniqueName('dlq-match') };
const groupId = uniqueName('match');
const logger = createLogger('match-test', 'warn');
const running: MatchApp[] = [];

function start(overrides: Partial<MatchAppOptions> = {}): Promise<MatchApp> {
  return startMatchApp({
    logger,
    kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'match-test' }, logger),
    codec: serde,
    db,
    cipher,
    settings: { ...defaultMatchSettings, mergeStrategy: { default: 'priority_based' } },
    groupId,
    topics,
    relay: { pollIntervalMs: 100 },
    em: { enabled: false },
    backoff: { initialMs: 50, maxMs: 500 },
    ...overrides,
  }).then((app) => (running.push(app), app));
}

/**
 * Raw records → canonical parties through the transform mappings, personal fields encrypted per subject,
 * all sent in one request. `tamper` may change the n-th party's value (a record matching cannot use).
 */
async function produceRaw(tenant: string, raws: [string, Record<string, unknown>][], tamper?: (value: Record<string, unknown>, n: number) => Record<string, unknown>): Promise<string[]> {
  const producer = kafka.producer();
  await producer.connect();
  const keys: string[] = [];
  const messages: { key: string; value: Buffer }[] = [];
  for (const [topic, raw] of raws) {
    const outputs = applyMapping(mappingFor(mappings, topic), raw, { origin: { topic, partition: 0, offset: 0 }, traceId: null }).outputs.filter((o) => o.eventName === 'CanonicalPartyRecorded');
    for (const o of outputs) {
      const subjectId = (raw.envelope as { pii_subject_id: string }).pii_subject_id;
      const protectedValue = await protectRecord(schemas.get('CanonicalPartyRecorded')!, o.value, { tenantId: tenant, subjectId }, cipher);
      const value = tamper ? tamper(protectedValue as Record<string, unknown>, messages.length) : protectedValue;
      messages.push({ key: `${tenant}/${o.key}`, value: await serde.encode(`${topics.input}-value`, value) });
      keys.push(o.key);
    }
  }
  await producer.send({ topic: topics.input, messages });
  await producer.disconnect();
  return keys;
}

let decisionsTopic: Awaited<ReturnType<typeof collectTopic>>;
let goldenTopic: Awaited<ReturnType<typeof collectTopic>>;
const decoded = new Map<string, unknown>();
async function decodeAll<T>(collected: typeof decisionsTopic): Promise<{ key: string; value: T | null; id: string }[]> {
  return Promise.all(
    collected.messages.map(async (m) => {
      const key = m.message.key!.toString();
      const id = m.message.headers?.[EVENT_ID_HEADER]?.toString() ?? '';
      if (!m.message.value) return { key, value: null, id };
      const cacheKey = `${m.topic}:${m.partition}:${m.message.offset}`;
      if (!decoded.has(cacheKey)) decoded.set(cacheKey, (await serde.decode(m.message.value)).value);
      return { key, value: decoded.get(cacheKey) as T, id };
    }),
  );
}
const decisionsOf = async (tenant: string) => (await decodeAll<MatchDecisionMade>(decisionsTopic)).filter((d) => d.key.startsWith(`${tenant}/`)).map((d) => d.value!);
const latestGolden = async (tenant: string) => {
  const latest = new Map<string, GoldenEntityUpdated | null>();
  for (const g of await decodeAll<GoldenEntityUpdated>(goldenTopic)) if (g.key.startsWith(`${tenant}/`)) latest.set(g.key, g.value);
  return latest;
};
const liveGolden = async (tenant: string) =>
  [...(await latestGolden(tenant)).values()].filter((g): g is GoldenEntityUpdated => g !== null && g.merged_into === null);
const entityOf = async (tenant: string, recordId: string) => (await decisionsOf(tenant)).filter((d) => d.record.record_id === recordId).at(-1)?.entity_id;

beforeAll(async () => {
  await migrateLatest(db, { schemaName: storage.migrateSchema! });
  await createTopics(kafka, [topics.input, topics.decisions, topics.golden, topics.dlq]);
  await serde.register(`${topics.input}-value`, schemas.get('CanonicalPartyRecorded')!.schema);
  await serde.register(`${topics.decisions}-value`, schemas.get('MatchDecisionMade')!.schema);
  await serde.register(`${topics.golden}-value`, schemas.get('GoldenEntityUpdated')!.schema);
  decisionsTopic = await collectTopic(kafka, topics.decisions);
  goldenTopic = await collectTopic(kafka, topics.golden);
});

afterAll(async () => {
  for (const app of running) await app.stop();
  await decisionsTopic?.stop();
  await goldenTopic?.stop();
  await db.raw('drop schema if exists ?? cascade', [schemaName]);
  await db.destroy();
});

describe('match app on the real stack', () => {
  const tenant = uniqueName('tenant');
  const other = uniqueName('tenant');

  it('puts one person from CRM, ERP and Billing in one entity, another person apart, and publishes an encrypted golden record', async () => {
    const app = await start();
    await produceRaw(tenant, rawPeople(tenant));
    // CUS-1, ACC-1 (organisation), ACC-1 (its contact person), INV-1, CUS-2: five parties from four raw records
    // (the RecordRef of the ERP organisation and of its contact are the same raw record).
    // All five parties matched, then their decisions published: a party can have several decisions (a later
    // party re-links it), so five decisions alone can come before the fifth party (seen under load: the ERP
    // contact not matched yet). The organisation and its contact share a RecordRef, hence the state's count.
    await waitFor(async () => Number((await db('match_records').where({ tenant_id: tenant }).count<{ n: string }[]>('* as n'))[0]!.n) === 5, { timeoutMs: 90_000, description: 'all 5 parties matched' });
    await waitFor(async () => (await decisionsOf(tenant)).length >= 5, { timeoutMs: 90_000, description: 'decisions for 5 parties' });
    await waitFor(async () => (await app.metrics.backlog.get()).values[0]?.value === 0, { timeoutMs: 30_000, description: 'outbox drained' });

    const mary = await entityOf(tenant, 'CUS-1');
    expect(mary).toBeDefined();
    const contact = (await decisionsOf(tenant)).filter((d) => d.record.entity === 'account' && d.record.record_id === 'ACC-1');
    expect(await entityOf(tenant, 'INV-1')).toBe(mary);
    expect(contact.map((d) => d.entity_id)).toContain(mary); // the ERP account contact
    expect(await entityOf(tenant, 'CUS-2')).not.toBe(mary);

    const golden = (await latestGolden(tenant)).get(`${tenant}/${mary}`)!;
    expect(golden.members.map((m) => m.source_system).sort()).toEqual(['billing', 'crm', 'erp']);
    expect(golden.merge_strategy).toBe('MOST_TRUSTED_SOURCE');
    expect(isEncrypted(golden.golden.email)).toBe(true);
    expect(isEncrypted(golden.golden.given_name)).toBe(true);
    // organization_name is not personal data in the contract, so the contact's company name stays readable.
    expect(JSON.stringify(golden)).not.toMatch(/mary|obrien@|1 high st/i);
    // priority_based with crm first: the given name is CRM's, under CRM's subject key.
    expect(golden.golden.given_name).toMatch(/^pii:v1:/);
    expect(await cipher.decrypt(tenant, golden.golden.given_name!)).toEqual({ value: 'Mary' });
    expect(Buffer.from(golden.golden.given_name!.split(':')[2]!, 'base64url').toString()).toBe('crm:CUS-1');

    const health = await fetch(`http://127.0.0.1:${app.port}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    expect(metrics).toMatch(/rivulet_match_comparisons_per_record_count(\{[^}]*\})? [1-9]\d*/);
    expect(metrics).toMatch(/rivulet_match_decisions_total\{[^}]*decision="MATCH"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/rivulet_outbox_backlog(\{[^}]*\})? 0\n/);
    await app.stop();
  });

  it('keeps its state and checkpoint in its DB_SCHEMA: public holds none of it, so runs in other schemas share nothing', async () => {
    const count = async (schema: string, table: string, where: Record<string, string>) =>
      Number(((await db.withSchema(schema).table(table).where(where).count({ n: '*' })) as [{ n: string }])[0].n);
    expect(await count(schemaName, 'match_records', { tenant_id: tenant })).toBe(5);
    expect(await count('public', 'match_records', { tenant_id: tenant })).toBe(0);
    expect(await count(schemaName, 'projection_checkpoints', { topic: topics.input })).toBeGreaterThan(0);
    expect(await count('public', 'projection_checkpoints', { topic: topics.input })).toBe(0);
  });

  it('after a restart, reloads state from PostgreSQL: a further record of the same person joins the same entity', async () => {
    const mary = await entityOf(tenant, 'CUS-1');
    await start();
    await produceRaw(tenant, [rawMaryAgain(tenant)]);
    await waitFor(async () => (await entityOf(tenant, 'CUS-3')) !== undefined, { timeoutMs: 90_000, description: 'decision for CUS-3' });
    const decision = (await decisionsOf(tenant)).find((d) => d.record.record_id === 'CUS-3')!;
    expect(decision).toMatchObject({ decision: 'MATCH', entity_id: mary });
  });

  it('never matches two tenants: the same person in another tenant founds its own entity', async () => {
    await produceRaw(other, [rawPeople(other)[0]!]);
    await waitFor(async () => (await entityOf(other, 'CUS-1')) !== undefined, { timeoutMs: 90_000, description: 'decision of the other tenant' });
    const d = (await decisionsOf(other)).find((x) => x.record.record_id === 'CUS-1')!;
    expect(d.decision).toBe('NEW');
    expect(d.candidates).toEqual([]);
    expect(d.entity_id).not.toBe(await entityOf(tenant, 'CUS-1'));
    for (const app of running.splice(0)) await app.stop();
  });

  it('publishes each event exactly once by event id when the app dies between the outbox write and the publish', async () => {
    const third = uniqueName('tenant');
    const crashed = await start({ relay: { enabled: false } });
    await produceRaw(third, rawPeople(third));
    await waitFor(async () => Number((await db('match_outbox').count<{ n: string }[]>('* as n'))[0]!.n) >= 5, { timeoutMs: 90_000, description: 'outbox rows written' });
    await waitFor(async () => Number((await db('match_records').where({ tenant_id: third }).count<{ n: string }[]>('* as n'))[0]!.n) === 5, { timeoutMs: 60_000, description: 'all parties matched' });
    await crashed.stop(); // relay never ran: the events exist only in the outbox
    expect(await decisionsOf(third)).toEqual([]);

    const restarted = await start();
    await waitFor(async () => (await restarted.metrics.backlog.get()).values[0]?.value === 0 && (await decisionsOf(third)).length >= 5, {
      timeoutMs: 60_000,
      description: 'outbox published after restart',
    });
    // Every decision and golden value (and tombstone) carries its event id once: distinct ids = messages.
    const all = [...(await decodeAll(decisionsTopic)), ...(await decodeAll(goldenTopic))].filter((m) => m.key.startsWith(`${third}/`));
    const ids = all.map((m) => m.id);
    expect(ids.every((id) => id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await decisionsOf(third)).map((d) => d.envelope.event_id)).toEqual(
      all.filter((m) => m.value && 'decision' in (m.value as object)).map((m) => m.id),
    );
    await restarted.stop();
  });
  it('dead-letters a party it cannot use, with the reason, and still matches the parties of the same batch', async () => {
    for (const app of running.splice(0)) await app.stop();
    const fourth = uniqueName('tenant');
    const dlq = await collectTopic(kafka, topics.dlq);
    // Sent while no instance runs, so the next one reads them together: the ERP organisation (second of the
    // five parties) has lost its party key, the parties before and after it are fine.
    await produceRaw(fourth, rawPeople(fourth), (value, n) => (n === 1 ? { ...value, party_key: '' } : value));
    const app = await start();
    await waitFor(async () => dlq.messages.some((m) => m.message.key?.toString().startsWith(`${fourth}/`)), { timeoutMs: 90_000, description: 'the keyless party dead-lettered' });
    await waitFor(async () => Number((await db('match_records').where({ tenant_id: fourth }).count<{ n: string }[]>('* as n'))[0]!.n) === 4, { timeoutMs: 90_000, description: 'the 4 good parties matched' });
    await waitFor(async () => (await app.metrics.backlog.get()).values[0]?.value === 0 && (await decisionsOf(fourth)).length >= 4, { timeoutMs: 60_000, description: 'decisions published' });

    const dead = dlq.messages.filter((m) => m.message.key?.toString().startsWith(`${fourth}/`));
    expect(dead).toHaveLength(1);
    expect(dead[0]!.message.headers?.['rivulet.dlq.error-class']?.toString()).toBe('InvalidPartyRecordError');
    expect(dead[0]!.message.headers?.['rivulet.dlq.error']?.toString()).toMatch(/party_key/);
    // Judged on the match state (a re-link's decision can still be on its way to the collector).
    const rows = (await db('match_records').where({ tenant_id: fourth }).select('party_key', 'entity_id')) as { party_key: string; entity_id: string }[];
    const entity = (recordId: string) => rows.find((r) => r.party_key.endsWith(`:${recordId}`))?.entity_id;
    expect(rows.map((r) => r.party_key)).not.toContain('');
    expect(new Set(rows.map((r) => r.party_key)).size).toBe(4);
    expect(entity('CUS-1')).toBeDefined();
    expect(entity('INV-1')).toBe(entity('CUS-1'));
    expect(entity('CUS-2')).not.toBe(entity('CUS-1'));
    await dlq.stop();
    await app.stop();
  });

  it('builds golden records per tenant: two tenants with different source priorities get different golden values', async () => {
    const [crmFirst, billingFirst] = [uniqueName('tenant'), uniqueName('tenant')];
    const app = await start({
      settings: {
        ...defaultMatchSettings,
        // As MATCH_MERGE_STRATEGY=most_recent, MATCH_FIELD_STRATEGIES={"default":{"region":"priority_based",
        // "given_name":"priority_based"}}, MATCH_SOURCE_PRIORITY={"default":[crm,erp,billing],"<b>":[billing,erp,crm]}.
        mergeStrategy: { default: 'most_recent' },
        fieldStrategies: { default: { region: 'priority_based', given_name: 'priority_based' } },
        sourcePriority: { default: ['crm', 'erp', 'billing'], [billingFirst]: ['billing', 'erp', 'crm'] },
      },
    });
    // The same Mary in both tenants; Billing files her under another region (not personal data: readable).
    const people = (tenant: string) => rawPeople(tenant).slice(0, 3).map(([topic, raw]): [string, Record<string, unknown>] =>
      [topic, topic === 'raw.billing.invoice' ? { ...raw, region: 'Greater London' } : raw]);
    await produceRaw(crmFirst, people(crmFirst));
    await produceRaw(billingFirst, people(billingFirst));
    // Decisions are keyed by entity, so across partitions their order is not the order of decision: read
    // the live golden records (latest value per key) instead.
    const goldenOfMary = async (tenant: string) =>
      (await liveGolden(tenant)).find((g) => g.members.length === 3 && g.members.some((m) => m.record.record_id === 'CUS-1'));
    const [a, b] = await waitFor(async () => {
      const both = [await goldenOfMary(crmFirst), await goldenOfMary(billingFirst)];
      return both.every(Boolean) ? (both as GoldenEntityUpdated[]) : undefined;
    }, { timeoutMs: 90_000, description: 'golden records of Mary with 3 members in both tenants' });
    const subjectOf = (ciphertext: string | null | undefined) => Buffer.from(ciphertext!.split(':')[2]!, 'base64url').toString();

    // priority_based fields follow each tenant's own source list.
    expect(a!.golden.region).toBe('London');
    expect(b!.golden.region).toBe('Greater London');
    expect(subjectOf(a!.golden.given_name)).toBe('crm:CUS-1');
    expect(subjectOf(b!.golden.given_name)).toBe('erp:ACC-1'); // Billing sends only a full name; ERP is next.
    // A field without its own strategy follows the default (most_recent): Billing's, in both tenants.
    expect(subjectOf(a!.golden.email)).toBe('billing:INV-1');
    expect(subjectOf(b!.golden.email)).toBe('billing:INV-1');
    expect(a!.merge_strategy).toBe('MOST_RECENT');
    await app.stop();
  });

  it('two instances side by side decide one tenant consistently: every person is one entity whichever instance saw which record', async () => {
    const tenant = uniqueName('tenant');
    const sideGroup = uniqueName('match-pair');
    const [one, two] = [await start({ groupId: sideGroup }), await start({ groupId: sideGroup })];
    // Both must own partitions of the input before the records arrive (3 partitions, 2 members).
    await waitFor(async () => one.health().status === 'ok' && two.health().status === 'ok', { timeoutMs: 60_000, description: 'both instances consuming' });
    const people = Array.from({ length: 10 }, (_, i) => rawPerson(tenant, i));
    // Interleave sources so a person's three records land on different partitions at about the same time.
    await produceRaw(tenant, [0, 1, 2].flatMap((s) => people.map((p) => p[s]!)));

    // Every live entity is one person's three records, and PostgreSQL's assignments agree with the topic.
    const personOf = (recordId: string) => recordId.split('-')[0]!;
    const live = await waitFor(async () => {
      const entities = await liveGolden(tenant);
      const groups = entities.map((g) => g.members.map((m) => m.record.record_id));
      return groups.length === 10 && groups.every((g) => g.length === 3 && new Set(g.map(personOf)).size === 1) ? entities : undefined;
    }, { timeoutMs: 90_000, description: 'ten live entities of one person each' });
    expect(new Set(live.flatMap((g) => g.members.map((m) => personOf(m.record.record_id)))).size).toBe(10);
    const rows = await db('match_records').where({ tenant_id: tenant }).select('party_key', 'entity_id');
    expect(rows).toHaveLength(30);
    const stateEntities = new Map<string, Set<string>>();
    for (const r of rows) stateEntities.set(r.entity_id, new Set([...(stateEntities.get(r.entity_id) ?? []), personOf(r.party_key.split(':')[2])]));
    expect([...stateEntities.keys()].sort()).toEqual(live.map((g) => g.entity_id).sort());
    expect([...stateEntities.values()].every((persons) => persons.size === 1)).toBe(true);
    // Both instances decided part of the tenant.
    for (const app of [one, two]) expect((await app.metrics.decisions.get()).values.reduce((n, v) => n + v.value, 0)).toBeGreaterThan(0);
    await one.stop();
    await two.stop();
  });
});
