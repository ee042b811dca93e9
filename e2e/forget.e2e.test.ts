import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateLatest } from '@rivulet/db';
import { writeDataset } from '@rivulet/generator';
import { createPgPiiCipher } from '@rivulet/pii';
import { CHECKSUMMED_TABLES } from '@rivulet/projections';
import { stackEnv, TEST_MASTER_KEY, testKafka, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, newApiKey } from './support/api.js';
import { appLogPath, rivulet, runGroups, schemaEnv, startApps, startGroupsAtCatalogueEnd, stopApps, type RunningApp } from './support/platform.js';
import { waitForSettled } from './support/settled.js';

// Erasure end to end (issue #15, point 2): ingest a small generated dataset through the whole pipeline, forget
// one person (every data subject the generator's truth ties to them), rebuild the tenant's read models from
// every topic's offset zero, then the person's name, email and phone are nowhere in PostgreSQL (clear or
// decryptable), in API answers or in the apps' logs, and every count and KPI value is what it was.
// A tenant, a PostgreSQL schema (schemaEnv: read models, match and RCA state, subject keys, audit log) and
// consumer groups of this run's own, placed at the shared topics' end: it never works through earlier runs'
// records, and nothing of theirs is in its tables.
const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const tenant = uniqueName('forget').replaceAll('-', '_');
const schema = tenant;
const inSchema = schemaEnv(schema);
const groups = runGroups('e2e.forget');
/** This run's apps write their logs to a folder of its own, so the log check reads only what they wrote. */
const logDir = tenant;
const key = newApiKey();
const db = createDb({ url: env.databaseUrl, applicationName: 'rivulet-e2e-forget', maxConnections: 2 });
const cipher = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db, cacheTtlMs: 0, keysSchema: schema });
const apps: RunningApp[] = [];
let dataDir: string;
let api: ReturnType<typeof apiClient>;
let apiBase: string;
let acceptedTotal = 0;

type Row = Record<string, unknown>;
const ndjson = (file: string): Row[] => readFileSync(join(dataDir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);

/** The person to forget, from the generator's truth: their subjects and the values that must disappear. */
interface Person { subjects: string[]; names: string[]; emails: string[]; phoneDigits: string[] }
let person: Person;

function pickPerson(): Person {
  const truth = ndjson('truth/entities.ndjson') as { topic: string; key: string; entityId: string; entityKind: string }[];
  const bySource = new Map<string, Set<string>>();
  for (const t of truth.filter((x) => x.entityKind === 'person')) bySource.set(t.entityId, (bySource.get(t.entityId) ?? new Set()).add(t.topic));
  // A person known to CRM, ERP and billing: the most copies of their data.
  const entityId = [...bySource].find(([, topics]) => topics.size >= 3)?.[0];
  if (!entityId) throw new Error('the dataset has no person in three sources; change the seed');
  const records = truth.filter((t) => t.entityId === entityId);
  const subjects = records.map((r) => `${r.topic.split('.')[1]}.${r.topic.split('.')[2]}:${r.key}`);
  const customerIds = records.filter((r) => r.topic === 'raw.crm.customer').map((r) => r.key);
  // Their calls carry their number: each call is a subject of its own (cdr.call:<call id>).
  for (const call of ndjson('raw.cdr.call.ndjson')) if (customerIds.includes(String(call.subscriber_id))) subjects.push(`cdr.call:${String(call.call_id)}`);
  const names = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const of = (file: string, id: string, keys: string[]) => ndjson(file).filter((r) => keys.some((k) => String(r[k]) === id));
  for (const r of records) {
    const [, source, entity] = r.topic.split('.');
    const idField = { crm: 'customer_id', erp: 'account_id', billing: 'invoice_id' }[source!]!;
    for (const row of of(`${r.topic}.ndjson`, r.key, [idField])) {
      const first = row.first_name ?? row.contact_first_name;
      const last = row.last_name ?? row.contact_last_name;
      if (first && last) names.add(`${String(first)} ${String(last)}`).add(`${String(last)} ${String(first)}`);
      if (row.customer_name) names.add(String(row.customer_name));
      if (entity === 'account' && row.company_name) names.add(String(row.company_name));
      for (const k of ['email', 'contact_email', 'customer_email']) if (row[k]) emails.add(String(row[k]).toLowerCase());
      for (const k of ['phone', 'contact_phone', 'billing_phone']) if (row[k]) phones.add(String(row[k]).replace(/\D/g, '').slice(-10));
    }
  }
  return { subjects, names: [...names].map((n) => n.toLowerCase()), emails: [...emails], phoneDigits: [...phones] };
}

/** Where a text shows the person in clear: a name, an email, or their phone number in any format. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  // Phone-like runs ("0121 7594169", "+44 121 7594169", "441217594169"), compared by their digits.
  const phones = (text.match(/[+\d][\d\s().-]{6,}\d/g) ?? []).map((run) => run.replace(/\D/g, ''));
  return [
    ...person.names.filter((n) => lower.includes(n)),
    ...person.emails.filter((e) => lower.includes(e)),
    ...person.phoneDigits.filter((p) => phones.some((digits) => digits.includes(p))),
  ];
}

/**
 * What must not change: the tenant's rows of every projected table, counted, and the value of every KPI. The
 * rows themselves (primary key and content) are kept too, so a difference names the rows that appeared or went.
 */
interface Snapshot { counts: Record<string, number>; kpis: Row[]; rows: Map<string, string> }
async function snapshot(): Promise<Snapshot> {
  const counts: Record<string, number> = {};
  const rows = new Map<string, string>();
  for (const { table, primaryKey } of CHECKSUMMED_TABLES) {
    const found = (await db.raw(`select to_jsonb(t) as row from ??.?? t where tenant_id = ?`, [schema, table, tenant])).rows as { row: Row }[];
    counts[table] = found.length;
    for (const { row } of found) rows.set(`${table} ${JSON.stringify(primaryKey.map((k) => row[k]))}`, JSON.stringify(row));
  }
  const kpis = (await db.raw(
    `select kpi, window_size, window_start, region, segment, source_system, unit, value::text as value, count::int as n from ??.kpis where tenant_id = ? order by 1, 2, 3, 4, 5, 6, 7`,
    [schema, tenant],
  )).rows as Row[];
  return { counts, kpis, rows };
}

/** The rows only one of two snapshots holds, whole, to say what changed and where it came from. */
function difference(a: Snapshot, b: Snapshot): string {
  const only = (x: Snapshot, y: Snapshot) => [...x.rows].filter(([k]) => !y.rows.has(k)).map(([, v]) => v);
  return [`only before (${only(a, b).length}):`, ...only(a, b).slice(0, 40), `only after (${only(b, a).length}):`, ...only(b, a).slice(0, 40)].join('\n');
}

/** Every row of the tenant in every table of a schema, as JSON text (every text and jsonb column). */
async function tenantRows(inSchemaName: string): Promise<{ table: string; text: string }[]> {
  const tables = (await db.raw(
    `select table_name from information_schema.columns where table_schema = ? and column_name = 'tenant_id' order by 1`, [inSchemaName],
  )).rows as { table_name: string }[];
  const out: { table: string; text: string }[] = [];
  for (const { table_name: table } of tables) {
    const rows = (await db.raw(`select to_jsonb(t)::text as text from ??.?? t where tenant_id = ?`, [inSchemaName, table, tenant])).rows as { text: string }[];
    for (const r of rows) out.push({ table: `${inSchemaName}.${table}`, text: r.text });
  }
  return out;
}

/** The shadow schemas of this tenant's rebuilds (and what a swap kept of them), wherever they still exist. */
async function shadowSchemas(): Promise<string[]> {
  const jobs = (await db.raw(`select shadow_schema from ??.replay_jobs`, [schema]).catch(() => ({ rows: [] }))).rows as { shadow_schema: string }[];
  return jobs.flatMap((j) => [j.shadow_schema, `${j.shadow_schema}_previous`]);
}

const one = async (sql: string) => Number(((await db.raw(sql, [schema, tenant])).rows as { n: number }[])[0]!.n);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rivulet-forget-'));
  await writeDataset({ records: 40, seed: 'e2e-forget', tenant, incident: null }, dataDir, { formats: ['ndjson'] });
  person = pickPerson();
  await migrateLatest(db, { schemaName: schema });
  await startGroupsAtCatalogueEnd(kafka, Object.values(groups));
  const common = {
    ...inSchema, ...groups, RIVULET_API_KEYS: `${key}:${tenant}:operator`, RIVULET_BOOTSTRAP_ADMIN_KEY: key, RIVULET_BOOTSTRAP_TENANT: tenant,
    // As in replay.e2e: the tenant's last windows close once it has been quiet for 5 s, so "RCA has analysed
    // every window" is something to wait for; hour windows only.
    RCA_IDLE_CLOSE: '5s', RCA_ANALYZE_INTERVAL: '1s', RCA_WINDOW_SIZES: '1h',
  };
  // All at once: their groups are placed, so whichever starts last misses nothing (one after another took two of
  // the file's four minutes on a loaded machine).
  await startApps(apps, ['transform', 'quality', 'match', 'rca', 'projector', 'api', 'gateway'], common, { logDir });
  apiBase = `http://127.0.0.1:${apps.find((a) => a.name === 'api')!.port}`;
  api = apiClient(apiBase, key);

  const gateway = `http://127.0.0.1:${apps.find((a) => a.name === 'gateway')!.port}`;
  const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as { counts: Record<string, number> };
  for (const topic of Object.keys(summary.counts)) {
    const [, source, entity] = topic.split('.');
    const res = await fetch(`${gateway}/data/ingest?source=${source}&entity=${entity}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body: readFileSync(join(dataDir, `${topic}.ndjson`)),
    });
    expect([202, 422]).toContain(res.status);
    acceptedTotal += ((await res.json()) as { accepted: number }).accepted;
  }
}, 300_000);

afterAll(async () => {
  await stopApps(apps);
  for (const s of [schema, ...(await shadowSchemas())]) await db.raw('drop schema if exists ?? cascade', [s]);
  await db.destroy();
}, 120_000);

describe('forget one person, rebuild from offset zero', () => {
  let before: Snapshot | undefined;
  let entityId: string;

  it('the pipeline settles with the person readable by an authorised caller', async () => {
    // Settled: every accepted record is counted, every party record has a match decision and every record a
    // verdict, RCA has analysed every window, no group of this run has lag, and the tenant's counts and KPI
    // values have not moved for three polls in a row.
    let last = '';
    let same = 0;
    before = await waitForSettled(kafka, Object.values(groups), async () => {
      const recorded = await one(`select coalesce(sum(record_count), 0)::int as n from ??.data_sources where tenant_id = ?`);
      const parties = await one(`select count(*)::int as n from ??.canonical_records where tenant_id = ? and entity = 'party'`);
      const decided = await one(`select count(*)::int as n from ??.reconciliation_results where tenant_id = ?`);
      const verdicts = await one(`select count(*)::int as n from ??.quality_checks where tenant_id = ?`);
      const windows = await one(`select count(*)::int as n from ??.rca_windows where tenant_id = ?`);
      const open = await one(`select count(*)::int as n from ??.rca_windows where tenant_id = ? and analysed_at is null`);
      const now = await snapshot();
      const text = JSON.stringify([now.counts, now.kpis]);
      same = text === last ? same + 1 : 0;
      last = text;
      const done = recorded === acceptedTotal && parties > 0 && decided >= parties && verdicts > 0 && windows > 0 && open === 0 && same >= 2;
      return {
        done: done ? now : undefined,
        state: `records ${recorded}/${acceptedTotal}, parties ${parties} (${decided} decided), verdicts ${verdicts}, rca windows ${windows} (${open} open), unchanged for ${same} polls`,
      };
    }, { timeoutMs: 240_000, description: `the pipeline to settle on ${acceptedTotal} records of ${tenant}` });

    const customer = person.subjects.find((s) => s.startsWith('crm.customer:'))!.split(':')[1]!;
    const found = await api.all<{ entity_id: string }>(`/entities?search=${encodeURIComponent(customer)}`);
    expect(found.length).toBeGreaterThan(0);
    entityId = found[0]!.entity_id;
    // Not vacuous: before forget the read model holds the person's data, encrypted and decryptable.
    let readable = 0;
    for (const { text } of await tenantRows(schema)) {
      for (const ciphertext of text.match(/pii:v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+/g) ?? []) {
        const revealed = await cipher.decrypt(tenant, ciphertext);
        if ('value' in revealed && leaks(revealed.value).length > 0) readable++;
      }
    }
    expect(readable, 'copies of the person readable before forget').toBeGreaterThan(0);
  }, 300_000);

  it('forget (CLI for one subject, the admin API for the others) is audited', async () => {
    const [first, ...rest] = person.subjects;
    const cli = await rivulet(inSchema, 'forget', '--tenant', tenant, '--subject', first!, '--json');
    expect(JSON.parse(cli)).toMatchObject({ subject: first, key_destroyed: true });
    for (const subject of rest) {
      const res = await fetch(`${apiBase}/admin/subjects/${encodeURIComponent(subject)}/forget`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      expect(res.status, subject).toBe(200);
      expect(((await res.json()) as { key_destroyed: boolean }).key_destroyed, subject).toBe(true);
    }
    const audited = await db.withSchema(schema).table('audit_log').where({ tenant_id: tenant, action: 'pii.forget' }).pluck('target');
    expect(audited.sort()).toEqual([...person.subjects].sort());
  }, 120_000);

  it('rebuild from offset zero: the person is nowhere in PostgreSQL, clear or decryptable, and every count is unchanged', async () => {
    expect(before, 'the pipeline settled before forget').toBeDefined();
    // The tenant's rebuild: every topic from offset 0 into a shadow schema, keeping this tenant's events,
    // then the tenant's rows swapped in (a platform-wide rebuild reads the same offsets).
    const rebuild = await rivulet(inSchema, 'replay', 'rebuild', '--projection', 'live', '--tenant', tenant);
    expect(rebuild).toMatch(new RegExp(`swapped in: tenant ${tenant}'s rows`));
    const job = await db.withSchema(schema).table('replay_jobs').orderBy('created_at', 'desc').first('status', 'tenant_id');
    expect(job).toMatchObject({ status: 'done', tenant_id: tenant });

    const after = await snapshot();
    expect(after.counts.canonical_records).toBeGreaterThan(0);
    expect({ counts: after.counts, kpis: after.kpis }, difference(before!, after)).toEqual({ counts: before!.counts, kpis: before!.kpis });

    // Every table holding the tenant's rows: its schema (read models, match and RCA state, keys, audit), public
    // (nothing of it should be there) and whatever the rebuild left of its shadow schema.
    const rows = (await Promise.all([schema, 'public', ...(await shadowSchemas())].map(tenantRows))).flat();
    expect(rows.length).toBeGreaterThan(100);
    let erased = 0;
    for (const { table, text } of rows) {
      expect(leaks(text), `${table}: ${text.slice(0, 300)}`).toEqual([]);
      for (const ciphertext of text.match(/pii:v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+/g) ?? []) {
        const revealed = await cipher.decrypt(tenant, ciphertext);
        if ('erased' in revealed) erased++;
        else expect(leaks(revealed.value), `${table} holds a decryptable copy`).toEqual([]);
      }
    }
    // The scan saw the person's data (as ciphertext that nothing decrypts any more), so it was not vacuous.
    expect(erased).toBeGreaterThan(0);
  }, 300_000);

  it('API answers show the person as [erased] and never in clear; other people are still readable', async () => {
    const entity = await api.get<Row & { golden: Row; members: { record_event_id: string }[] }>(`/entities/${entityId}`);
    for (const f of ['given_name', 'family_name', 'full_name', 'email', 'phone']) expect([null, undefined, '[erased]'], f).toContain(entity.golden[f]);
    const answers = [
      entity,
      await api.all('/entities'),
      await api.all('/quality/issues?from=2000-01-01T00:00:00Z'),
      await api.all('/transformations?from=2000-01-01T00:00:00Z'),
      ...(await Promise.all(entity.members.map((m) => api.get(`/records/${m.record_event_id}/lineage`)))),
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(leaks(text)).toEqual([]);
      expect(text).not.toContain('pii:v1:');
    }
    // The person's records are still there, their personal fields marked as erased.
    expect(answers.map((a) => JSON.stringify(a)).join('').split('"[erased]"').length - 1).toBeGreaterThan(0);
    const others = (await api.all<{ entity_id: string; golden: Row }>('/entities')).filter((e) => e.entity_id !== entityId && e.golden.party_type === 'PERSON');
    expect(others.some((e) => typeof e.golden.email === 'string' && String(e.golden.email).includes('@'))).toBe(true);
  }, 120_000);

  it('no app wrote the person to its log (keys and personal values stay out of logs too)', () => {
    for (const app of apps) {
      const log = readFileSync(appLogPath(app.name, logDir), 'utf8');
      expect(log.length, app.name).toBeGreaterThan(0);
      expect(leaks(log), app.name).toEqual([]);
      expect(log, app.name).not.toContain(TEST_MASTER_KEY);
    }
  });
});
