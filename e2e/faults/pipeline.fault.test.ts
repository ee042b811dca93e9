import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@rivulet/db';
import { writeDataset } from '@rivulet/generator';
import { readModelChecksum } from '@rivulet/projections';
import { DLQ_HEADERS } from '@rivulet/runtime';
import { waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, collectAll, decoder, faultEnv, hold, killBroker, randomBetween, stackComponent, type Seen } from './faultKit.js';
import { faultSettleMs } from './settle.js';

// The fault suite (issue #13), on its own stack (npm run test:faults): generator records flow through the
// gateway, transform, quality, match, rca and the projector while, with a 3-node cluster (FAULT_BROKERS=3), one
// Kafka broker is SIGKILLed with records in flight (the pipeline must go on) and restarted; then, in turn, each
// processor and the projector is SIGKILLed at a random moment and restarted, the whole Kafka cluster is
// restarted, PostgreSQL is stopped for 30 s and the schema registry for 20 s. Then: every raw record reached
// transform's outputs or its DLQ, every canonical record quality's and every party record match's; no input
// position gave an output of an exactly-once stage twice; no read-model row twice per record; no good record
// dead-lettered because a dependency was down; and the live read models equal a projector's rebuild of the
// same topics without faults (readModelChecksum).
const env = faultEnv(process.env);
const RECORDS = Number(process.env.FAULT_RECORDS ?? 3_000);
const FEED_SECONDS = Number(process.env.FAULT_FEED_SECONDS ?? 120);
const PG_DOWN_MS = Number(process.env.FAULT_PG_DOWN_MS ?? 30_000);
const REGISTRY_DOWN_MS = Number(process.env.FAULT_REGISTRY_DOWN_MS ?? 20_000);
const BROKER_DOWN_MS = Number(process.env.FAULT_BROKER_DOWN_MS ?? 30_000);
const BROKERS = env.kafkaBrokers.split(',').length;
const SETTLE_MS = faultSettleMs(process.env);
const tenant = `faults_${Date.now().toString(36)}`;
const key = `fault-key-${Date.now().toString(36)}`;

const RAW = ['raw.crm.customer', 'raw.erp.account', 'raw.erp.order', 'raw.billing.invoice', 'raw.billing.payment', 'raw.cdr.call', 'raw.oss.network_event', 'raw.oss.ticket'];
const CANONICAL = ['canonical.party', 'canonical.account', 'canonical.order', 'canonical.invoice', 'canonical.payment', 'canonical.usage', 'canonical.network_event', 'canonical.ticket'];
const DERIVED = ['kpi.facts', 'quality.results', 'quality.issues', 'match.decisions', 'entities.golden', 'rca.findings', 'alerts'];
const DLQ = ['dlq.transform', 'dlq.quality', 'dlq.match', 'dlq.rca', 'dlq.projector'];
// Stages whose outputs and input offsets commit in one Kafka transaction: an input position gives its outputs
// once. match (PostgreSQL outbox relay) and rca (idempotent producer after a PostgreSQL commit) are
// at-least-once into their topics, with deterministic event ids that the read models upsert by.
const EXACTLY_ONCE = [...CANONICAL, 'kpi.facts', 'quality.results', 'quality.issues'];

const common = { RIVULET_API_KEYS: `${key}:${tenant}:operator` };
const processors = ['transform', 'quality', 'match', 'rca', 'projector'].map((name) => new App(name, common, env));
const gateway = new App('gateway', common, env);
const faults: string[] = [];
const appDeaths: string[] = [];
/** The gateway's answers to the feed by status ("no answer": connection refused or reset). Outages must give 503, never another 5xx. */
const gatewayAnswers: Record<string, number> = {};
let brokerDown: { node: number; outputsWhileDown: number } | undefined;
let dataDir: string;
let collected: Awaited<ReturnType<typeof collectAll>>;
const decode = decoder(env.registryUrl);
const decoded = new Map<string, Record<string, unknown> | undefined>();
const db = createDb({ url: env.databaseUrl, maxConnections: 2 });

async function valueOf(m: Seen) {
  const id = `${m.topic}/${m.partition}/${m.offset}`;
  if (decoded.has(id)) return decoded.get(id);
  // A failed decode (the registry still reloading after its restart) is not remembered: the next count retries it.
  const value = await decode(m.value).then((v) => ({ v }), () => undefined);
  if (value) decoded.set(id, value.v);
  return value?.v;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rivulet-faults-'));
  await writeDataset({ records: RECORDS, seed: 'fault-suite', tenant }, dataDir, { formats: ['ndjson'] });
  collected = await collectAll(env.kafkaBrokers, [...RAW, ...CANONICAL, ...DERIVED, ...DLQ]);
  await gateway.start();
  for (const app of processors) await app.start();
}, 900_000);

afterAll(async () => {
  await Promise.all([...processors, gateway].map((a) => a.stop()));
  await collected?.stop();
  await db.destroy();
});

/** Posts every generated record through the gateway in chunks spread over FEED_SECONDS; retries a chunk (same Idempotency-Key) until it is answered. */
async function feed(): Promise<number> {
  const chunks: { topic: string; body: string; id: string }[] = [];
  for (const topic of RAW) {
    const lines = readFileSync(join(dataDir, `${topic}.ndjson`), 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 200) chunks.push({ topic, body: lines.slice(i, i + 200).join('\n'), id: `${tenant}-${topic}-${i}` });
  }
  chunks.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1)); // interleave the sources
  const pause = (FEED_SECONDS * 1000) / chunks.length;
  let accepted = 0;
  for (const chunk of chunks) {
    const [, source, entity] = chunk.topic.split('.');
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${gateway.port}/data/ingest?source=${source}&entity=${entity}`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', 'idempotency-key': chunk.id }, body: chunk.body,
      }).catch(() => undefined);
      const status = res ? String(res.status) : 'no answer';
      gatewayAnswers[status] = (gatewayAnswers[status] ?? 0) + 1;
      if (res && (res.status === 202 || res.status === 422)) {
        accepted += ((await res.json()) as { accepted?: number }).accepted ?? 0;
        break;
      }
      await res?.body?.cancel();
      await hold(1_000); // the gateway answered 503 (Kafka or the registry is down): retry like a client would
    }
    await hold(pause);
  }
  return accepted;
}

async function checkAlive(): Promise<void> {
  for (const app of processors) {
    if (app.process?.exitCode !== null || app.process?.signalCode !== null) {
      appDeaths.push(`${app.name} exited after: ${faults.at(-1) ?? 'start'}`);
      await app.restart();
    }
  }
}

const committedOutputs = () => collected.messages.reduce((n, m) => n + (EXACTLY_ONCE.includes(m.topic) ? 1 : 0), 0);

/** With 3 brokers: one SIGKILLed while records are in flight; the pipeline must go on; restarted after BROKER_DOWN_MS. */
async function killOneBroker(): Promise<void> {
  await hold(randomBetween(8_000, 15_000));
  const node = randomBetween(1, BROKERS + 1);
  await killBroker(node);
  const downAt = Date.now();
  // Outputs committed (read_committed, so whole transactions) after the kill was done: the collector has
  // fetched what was committed before it within a few seconds; count from then on.
  await hold(5_000);
  const before = committedOutputs();
  await waitFor(() => committedOutputs() > before, { timeoutMs: 120_000, intervalMs: 1_000, description: `committed outputs with broker ${node} down` }).catch(() => undefined);
  await hold(Math.max(0, BROKER_DOWN_MS - (Date.now() - downAt)));
  brokerDown = { node, outputsWhileDown: committedOutputs() - before };
  await stackComponent('up', 'kafka'); // starts the missing node only
  faults.push(`Kafka broker ${node} of ${BROKERS} SIGKILLed with records in flight, restarted after ${Math.round((Date.now() - downAt) / 1000)} s`);
  await checkAlive();
}

/** Each processor and the projector SIGKILLed at a random moment and restarted; then the broker, PostgreSQL and the registry. */
async function injectFaults(): Promise<void> {
  if (BROKERS >= 3) await killOneBroker();
  for (const app of processors) {
    await hold(randomBetween(3_000, 12_000));
    await app.kill();
    faults.push(`SIGKILL ${app.name}`);
    await app.restart();
  }
  await hold(randomBetween(2_000, 6_000));
  await stackComponent('down', 'kafka'); // stops the registry first: it keeps its storage in Kafka
  await stackComponent('up', 'kafka', 'registry');
  faults.push(BROKERS >= 3 ? `all ${BROKERS} Kafka brokers restarted (and the registry with them)` : 'Kafka broker restarted (and the registry with it)');
  await hold(5_000);
  await checkAlive();
  await stackComponent('down', 'postgres');
  await hold(PG_DOWN_MS);
  await stackComponent('up', 'postgres');
  faults.push(`PostgreSQL stopped for ${PG_DOWN_MS / 1000} s`);
  await hold(5_000);
  await checkAlive();
  await stackComponent('down', 'registry');
  await hold(REGISTRY_DOWN_MS);
  await stackComponent('up', 'registry');
  faults.push(`schema registry stopped for ${REGISTRY_DOWN_MS / 1000} s`);
  await hold(5_000);
  await checkAlive();
}

interface Books {
  inFlight: number;
  lost: Record<string, number>;
  /** Per topic: messages whose event id an earlier message of the topic already had (what a consumer of the topic would see twice). */
  duplicatedInTopics: Record<string, number>;
  /** Exactly-once topics: outputs that one input position gave twice (per topic, event id and lineage origin). */
  exactlyOnceViolations: Record<string, number>;
  /** Input positions (topic/partition/offset) whose exactly-once outputs were committed twice, grouped per input partition as "from..to (n)". */
  exactlyOnceViolatingInputs: string[];
  badDeadLetters: string[];
  outputs: Record<string, number>;
}

/** Exactly once per stage: each input message is the lineage origin of an output or of a dead letter; no output event id twice. */
async function books(): Promise<Books> {
  const msgs = collected.messages.slice();
  const origins = new Set<string>();
  const eventIds = new Map<string, number>();
  const perOrigin = new Map<string, number>();
  const outputs: Record<string, number> = {};
  for (const m of msgs) {
    if (m.topic.startsWith('dlq.')) {
      origins.add(`${m.headers[DLQ_HEADERS.originTopic]}/${m.headers[DLQ_HEADERS.originPartition]}/${m.headers[DLQ_HEADERS.originOffset]}`);
      continue;
    }
    const value = await valueOf(m);
    const envelope = value?.envelope as { event_id: string; tenant_id: string; lineage: { origin_topic: string; origin_partition: number; origin_offset: number } | null } | undefined;
    if (!envelope) continue; // the stack is this run's alone: every output counts
    outputs[m.topic] = (outputs[m.topic] ?? 0) + 1;
    const id = `${m.topic}/${envelope.event_id}`;
    eventIds.set(id, (eventIds.get(id) ?? 0) + 1);
    if (RAW.includes(m.topic) || !envelope.lineage) continue;
    const origin = `${envelope.lineage.origin_topic}/${envelope.lineage.origin_partition}/${envelope.lineage.origin_offset}`;
    origins.add(origin);
    if (EXACTLY_ONCE.includes(m.topic)) perOrigin.set(`${id}/${origin}`, (perOrigin.get(`${id}/${origin}`) ?? 0) + 1);
  }
  // The fault stack is the suite's own: every message on it is this run's.
  const inputsOf = (topics: string[]) => msgs.filter((m) => topics.includes(m.topic));
  const lostOf = (topics: string[]) => inputsOf(topics).filter((m) => !origins.has(`${m.topic}/${m.partition}/${m.offset}`)).length;
  const extras = (counts: Map<string, number>) => {
    const byTopic: Record<string, number> = {};
    for (const [id, n] of counts) if (n > 1) byTopic[id.split('/')[0]!] = (byTopic[id.split('/')[0]!] ?? 0) + n - 1;
    return byTopic;
  };
  const badDeadLetters = msgs.filter((m) => m.topic.startsWith('dlq.') && /Registry|Unavailable|UnknownSubject|Timeout|ECONNREFUSED|Connection|KafkaJS|knex|pool/i.test(`${m.headers[DLQ_HEADERS.errorClass]} ${m.headers[DLQ_HEADERS.error]}`))
    .map((m) => `${m.topic}: ${m.headers[DLQ_HEADERS.errorClass]}: ${m.headers[DLQ_HEADERS.error]}`);
  return {
    inFlight: msgs.filter((m) => RAW.includes(m.topic)).length,
    lost: { transform: lostOf(RAW), quality: lostOf(CANONICAL), match: lostOf(['canonical.party']) },
    duplicatedInTopics: extras(eventIds),
    exactlyOnceViolations: extras(perOrigin),
    exactlyOnceViolatingInputs: inputRanges([...perOrigin].filter(([, n]) => n > 1).map(([id]) => id.split('/').slice(-3).join('/'))),
    badDeadLetters,
    outputs,
  };
}

/** "topic/partition/offset" positions → one "topic/partition offsets a..b (n)" line per input partition. */
function inputRanges(positions: string[]): string[] {
  const byPartition = new Map<string, number[]>();
  for (const p of new Set(positions)) {
    const at = p.lastIndexOf('/');
    byPartition.set(p.slice(0, at), [...(byPartition.get(p.slice(0, at)) ?? []), Number(p.slice(at + 1))]);
  }
  return [...byPartition].map(([partition, offsets]) => `${partition} offsets ${Math.min(...offsets)}..${Math.max(...offsets)} (${offsets.length})`);
}

/**
 * What a user of the read models would call a duplicate: more than one row for one record. One transformation
 * and one canonical row per canonical record (its key) and raw event (one raw record may give several
 * canonical records of an entity, e.g. two parties), one quality check per canonical record. Not
 * entity_members: it names a member by its source record, and an ERP account is two parties (the account and
 * its contact) that rightly belong to two entities, so "rows per member" is not "rows per record" there.
 */
async function readModelDuplicates(): Promise<Record<string, number>> {
  const extra = async (table: string, keys: string) => {
    const { rows } = await db.raw<{ rows: { extra: string | null }[] }>(
      `select coalesce(sum(n - 1), 0) as extra from (select count(*) as n from ${table} group by ${keys} having count(*) > 1) d`,
    );
    return Number(rows[0]?.extra ?? 0);
  };
  return {
    transformations: await extra('transformations', 'tenant_id, entity, record_key, source_event_id'),
    canonical_records: await extra('canonical_records', 'tenant_id, entity, record_key, source_event_id'),
    quality_checks: await extra('quality_checks', 'tenant_id, record_event_id'),
  };
}

describe('pipeline under faults', () => {
  it('loses and duplicates nothing while processors are SIGKILLed and Kafka, PostgreSQL and the registry fail', async () => {
    const [accepted] = await Promise.all([feed(), injectFaults()]);
    expect(accepted).toBeGreaterThan(RECORDS * 0.5);
    let last: Books | undefined;
    await waitFor(async () => {
      last = await books();
      return last.inFlight >= accepted && Object.values(last.lost).every((n) => n === 0) ? last : undefined;
    }, { timeoutMs: SETTLE_MS, intervalMs: 5_000, description: 'every raw, canonical and party record processed' }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; last books: ${JSON.stringify(last)}`);
    });
    // Let the projector and the last transactions settle, then count once more.
    const live = await waitFor(async () => {
      const a = await readModelChecksum(db, 'public');
      await hold(10_000);
      const b = await readModelChecksum(db, 'public');
      return a.overall === b.overall ? b : undefined;
    }, { timeoutMs: SETTLE_MS, intervalMs: 1_000, description: 'the live read models to stop changing' });
    const final = await books();
    const rowDuplicates = await readModelDuplicates();

    const report = {
      records_generated: RECORDS, records_accepted: accepted, records_in_flight: final.inFlight, faults_injected: faults,
      records_lost: final.lost,
      records_duplicated: { in_topics_by_event_id: final.duplicatedInTopics, exactly_once_stage_outputs_per_input: final.exactlyOnceViolations, exactly_once_inputs_processed_twice: final.exactlyOnceViolatingInputs, read_model_rows_per_record: rowDuplicates },
      broker_down: brokerDown, gateway_answers: gatewayAnswers, outputs: final.outputs,
      read_model_rows: Object.fromEntries(Object.entries(live.tables).map(([t, v]) => [t, v.rows])), app_deaths: appDeaths,
    };
    console.log(`[faults] ${JSON.stringify(report, null, 2)}`);

    // The reference: a projector that never saw a fault rebuilds the same topics into its own schema.
    const reference = new App('reference-projector', { ...common, PROJECTION_NAME: 'fault_reference', DB_SCHEMA: 'fault_reference' }, env, 'projector');
    await reference.start();
    try {
      // Compared with the live models as they are now, not as they were when they first held still for 10 s:
      // under load the projector can pause that long mid-stream (run 14: the live models went on from 2,306 to
      // 7,908 entity members after the report, so the reference matched the live models but not the snapshot).
      // Equal means equal twice in a row with the live models unchanged in between.
      const liveAndReference = () => Promise.all([readModelChecksum(db, 'public'), readModelChecksum(db, 'fault_reference')]);
      let previousLive: string | undefined;
      await waitFor(async () => {
        const [now, ref] = await liveAndReference();
        const settled = ref.overall === now.overall && now.overall === previousLive;
        previousLive = now.overall;
        return settled;
      }, {
        timeoutMs: SETTLE_MS, intervalMs: 5_000, description: 'the reference rebuild to equal the live read models',
      }).catch(async (error: unknown) => {
        const [now, ref] = await liveAndReference();
        const diff = Object.keys(now.tables).filter((t) => now.tables[t]!.checksum !== ref.tables[t]?.checksum).map((t) => `${t}: live ${now.tables[t]!.rows} rows, reference ${ref.tables[t]?.rows}`);
        throw new Error(`${(error as Error).message}: ${diff.join('; ')}`);
      });
    } finally {
      await reference.stop();
    }

    expect(faults).toHaveLength(processors.length + 3 + (BROKERS >= 3 ? 1 : 0));
    expect(final.lost).toEqual({ transform: 0, quality: 0, match: 0 });
    // The transactional stages gave each input position its outputs once. Event ids seen twice in a topic are
    // reported, not asserted: the match and rca topics are at-least-once by design, and a generated record the
    // source sent twice is one event id at two raw offsets (the read models keep it once).
    expect(final.exactlyOnceViolations).toEqual({});
    expect(rowDuplicates).toEqual({ transformations: 0, canonical_records: 0, quality_checks: 0 });
    if (BROKERS >= 3) expect(brokerDown?.outputsWhileDown, 'the pipeline went on with one broker down').toBeGreaterThan(0);
    expect(final.badDeadLetters).toEqual([]);
    expect(appDeaths).toEqual([]);
    expect(Object.keys(gatewayAnswers).filter((status) => status.startsWith('5') && status !== '503'), 'the gateway answered an outage with a 5xx other than 503').toEqual([]);
  });
});
