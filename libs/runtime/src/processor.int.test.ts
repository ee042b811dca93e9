import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAvroSerde } from '@rivulet/registry';
import { collectTopic, createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from './deadLetter.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const fixture = fileURLToPath(new URL('../test/fixtures/upperProcessor.ts', import.meta.url));
const schema = {
  type: 'record',
  name: 'TextReceived',
  namespace: 'io.rivulet.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'int' },
    { name: 'text', type: 'string' },
  ],
};

interface Scenario {
  inTopic: string;
  outTopic: string;
  groupId: string;
  app: string;
}

async function scenario(): Promise<Scenario> {
  const s = { inTopic: uniqueName('in'), outTopic: uniqueName('out'), groupId: uniqueName('group'), app: uniqueName('upper') };
  await createTopics(kafka, [s.inTopic, s.outTopic, `dlq.${s.app}`]);
  await serde.register(`${s.inTopic}-value`, schema);
  await serde.register(`${s.outTopic}-value`, schema);
  return s;
}

async function produceInputs(s: Scenario, count: number, extra: { at: number; value: Buffer }[] = []) {
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let n = 0; n < count; n++) {
    for (const e of extra.filter((x) => x.at === n)) messages.push({ key: `poison-${n}`, value: e.value });
    messages.push({ key: `k${n % 7}`, value: await serde.encode(`${s.inTopic}-value`, { id: `r${n}`, n, text: `hello ${n}` }) });
  }
  await producer.send({ topic: s.inTopic, messages });
  await producer.disconnect();
}

function startFixture(s: Scenario, extraEnv: Record<string, string> = {}): ChildProcess & { exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', fixture], {
    env: {
      ...process.env,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: env.schemaRegistryUrl,
      IN_TOPIC: s.inTopic,
      OUT_TOPIC: s.outTopic,
      GROUP_ID: s.groupId,
      APP: s.app,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
  return Object.assign(child, { exited });
}

async function decodedIds(messages: { message: { value: Buffer | null } }[]): Promise<string[]> {
  return Promise.all(messages.map(async (m) => ((await serde.decode(m.message.value!)).value as { id: string }).id));
}

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));
beforeAll(async () => {
  await waitFor(async () => (await kafka.admin().connect().then(() => true)), { description: 'Kafka to answer', timeoutMs: 60_000 });
});

describe('processor runtime on the real stack', () => {
  it('killed inside a transaction and restarted, produces exactly one output per input', async () => {
    const s = await scenario();
    await produceInputs(s, 300);
    const crashing = startFixture(s, { CRASH_AFTER_COMMITS: '5' });
    children.push(crashing);
    expect(await crashing.exited).toBe(-1); // died by SIGKILL mid-transaction

    const uncommitted = await collectTopic(kafka, s.outTopic, { readUncommitted: true });
    // The crashed transaction's outputs reached the log but were never committed.
    await waitFor(() => uncommitted.messages.length > 0, { description: 'aborted outputs in the log' });

    const restarted = startFixture(s);
    children.push(restarted);
    const committed = await collectTopic(kafka, s.outTopic);
    await waitFor(() => committed.messages.length >= 300, { timeoutMs: 90_000, description: '300 committed outputs' });
    // Give a duplicate time to show up before asserting there is none.
    await new Promise((r) => setTimeout(r, 1_500));
    const ids = await decodedIds(committed.messages);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(uncommitted.messages.length).toBeGreaterThan(300);
    await Promise.all([committed.stop(), uncommitted.stop()]);
    restarted.kill('SIGTERM');
    await restarted.exited;
  });

  it('sends a poison record to the DLQ with its reason and keeps the records after it flowing', async () => {
    const s = await scenario();
    await produceInputs(s, 20, [{ at: 10, value: Buffer.from('this is not avro') }]);
    const child = startFixture(s);
    children.push(child);
    const out = await collectTopic(kafka, s.outTopic);
    const dlq = await collectTopic(kafka, `dlq.${s.app}`);
    await waitFor(() => out.messages.length >= 20 && dlq.messages.length >= 1, { timeoutMs: 60_000, description: 'outputs and a dead letter' });
    const dead = dlq.messages[0]!.message;
    expect(dead.value?.toString()).toBe('this is not avro');
    expect(dead.headers?.[DLQ_HEADERS.originTopic]?.toString()).toBe(s.inTopic);
    expect(dead.headers?.[DLQ_HEADERS.app]?.toString()).toBe(s.app);
    expect(dead.headers?.[DLQ_HEADERS.error]?.toString()).toMatch(/magic byte|framed|too short/i);
    expect(new Set(await decodedIds(out.messages)).size).toBe(20);
    await Promise.all([out.stop(), dlq.stop()]);
    child.kill('SIGTERM');
    await child.exited;
  });

  it('sends each kind of malformed message (not Avro, unknown schema id, truncated Avro) to the DLQ with its reason; good records all pass', async () => {
    const s = await scenario();
    const good = await serde.encode(`${s.inTopic}-value`, { id: 'x', n: 1, text: 'a long enough text to cut in half' });
    // Confluent framing: magic byte 0, 4-byte schema id, Avro body. An id no registry holds, and a body cut short.
    const unknownId = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), good.subarray(5)]);
    const truncated = good.subarray(0, good.length - 12);
    const poison = [
      { at: 3, value: Buffer.from('{"id":"json, not avro"}') },
      { at: 7, value: unknownId },
      { at: 11, value: truncated },
      { at: 15, value: Buffer.from([0]) },
    ];
    await produceInputs(s, 20, poison);
    const child = startFixture(s);
    children.push(child);
    const out = await collectTopic(kafka, s.outTopic);
    const dlq = await collectTopic(kafka, `dlq.${s.app}`);
    await waitFor(() => out.messages.length >= 20 && dlq.messages.length >= poison.length, { timeoutMs: 60_000, description: '20 outputs and 4 dead letters' });
    await new Promise((r) => setTimeout(r, 1_000)); // a duplicate dead letter would show up by now
    expect(dlq.messages).toHaveLength(poison.length);
    const byKey = new Map(dlq.messages.map((m) => [m.message.key!.toString(), m.message]));
    const reason = (at: number) => byKey.get(`poison-${at}`)?.headers?.[DLQ_HEADERS.error]?.toString() ?? '(no dead letter)';
    const errorClass = (at: number) => byKey.get(`poison-${at}`)?.headers?.[DLQ_HEADERS.errorClass]?.toString();
    expect([errorClass(3), reason(3)]).toEqual(['NotConfluentFramedError', expect.stringMatching(/magic byte is 123, expected 0/)]);
    expect([errorClass(7), reason(7)]).toEqual(['UnknownSchemaIdError', expect.stringMatching(/schema id 2147483632 is not known/)]);
    expect([errorClass(11), reason(11)]).toEqual(['AvroDecodeError', expect.stringMatching(/truncated/)]);
    expect([errorClass(15), reason(15)]).toEqual(['NotConfluentFramedError', expect.stringMatching(/shorter than the 5-byte Confluent header/)]);
    for (const p of poison) {
      const dead = byKey.get(`poison-${p.at}`)!;
      expect(dead.value).toEqual(p.value); // the original bytes, untouched
      expect(dead.headers?.[DLQ_HEADERS.originTopic]?.toString()).toBe(s.inTopic);
      expect(dead.headers?.[DLQ_HEADERS.originOffset]?.toString()).toMatch(/^\d+$/);
    }
    const ids = await decodedIds(out.messages);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    await Promise.all([out.stop(), dlq.stop()]);
    child.kill('SIGTERM');
    await child.exited;
  });

  it('on SIGTERM drains the in-flight chunk, commits, and exits 0; a restart duplicates nothing', async () => {
    const s = await scenario();
    await produceInputs(s, 400);
    const child = startFixture(s, { CHUNK: '5' });
    children.push(child);
    const out = await collectTopic(kafka, s.outTopic);
    await waitFor(() => out.messages.length >= 20, { timeoutMs: 60_000, description: 'first outputs' });
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: s.groupId, topics: [s.inTopic] });
    await admin.disconnect();
    const committedInputs = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    // Every committed input offset has its output committed, and nothing beyond: the drain committed atomically.
    await waitFor(() => out.messages.length >= committedInputs, { description: 'outputs of committed inputs' });
    expect(out.messages.length).toBe(committedInputs);

    const again = startFixture(s);
    children.push(again);
    await waitFor(() => out.messages.length >= 400, { timeoutMs: 60_000, description: 'all 400 outputs' });
    await new Promise((r) => setTimeout(r, 1_500));
    const ids = await decodedIds(out.messages);
    expect(new Set(ids).size).toBe(400);
    expect(ids).toHaveLength(400);
    await out.stop();
    again.kill('SIGTERM');
    await again.exited;
  });
});
