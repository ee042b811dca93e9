import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDb, migrateLatest } from '@rivulet/db';
import { parseGatewayConfig, startGateway, type RunningGateway } from '@rivulet/gateway';
import { writeDataset, type DatasetSummary } from '@rivulet/generator';
import { createAvroSerde } from '@rivulet/registry';
import { createLogger } from '@rivulet/runtime';
import { startTelemetry, type Telemetry } from '@rivulet/telemetry';
import { stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import type { Consumer } from 'kafkajs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every ingest path (HTTP gateway, CLI, drop folder) on the real stack, with generator data. The raw topic
// names are fixed by the catalogue, so each path uses its own random tenant and only that tenant's keys count.
const env = stackEnv(process.env);
const repoRoot = join(import.meta.dirname, '..');
const run = promisify(execFile);
const masterKey = randomBytes(32).toString('base64');
const tenants = { http: uniqueName('http'), cli: uniqueName('cli'), drop: uniqueName('drop') };
const apiKey = `e2e-${randomBytes(12).toString('hex')}`;
const topics = ['raw.erp.order', 'raw.crm.customer', 'raw.cdr.call', 'raw.oss.ticket'];

interface Seen { topic: string; key: string; value: Record<string, any>; headers: Record<string, string> }
const seen: Seen[] = [];
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
let dataset: string;
let summary: DatasetSummary;
let dropRoot: string;
let gateway: RunningGateway;
let consumer: Consumer;
let telemetry: Telemetry;

const ofTenant = (tenant: string, topic: string) => seen.filter((m) => m.topic === topic && m.key.startsWith(`${tenant}/`));

beforeAll(async () => {
  // Registers the tracer provider and the W3C propagator, so the gateway's PRODUCER spans travel as traceparent
  // headers (the SDK registers no provider without a span processor, hence the exporter).
  telemetry = startTelemetry({ serviceName: 'rivulet-e2e', serviceVersion: '0', otlpEndpoint: env.otlpEndpoint });
  const db = createDb({ url: env.databaseUrl });
  await migrateLatest(db);
  await db.destroy();
  dataset = await mkdtemp(join(tmpdir(), 'rivulet-e2e-data-'));
  summary = await writeDataset({ records: 400, seed: 20_24 }, dataset);
  dropRoot = await mkdtemp(join(tmpdir(), 'rivulet-e2e-drop-'));
  gateway = await startGateway(parseGatewayConfig({
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: env.schemaRegistryUrl,
    DATABASE_URL: env.databaseUrl,
    GATEWAY_PORT: '0',
    RIVULET_API_KEYS: `${apiKey}:${tenants.http}:operator`,
    RIVULET_MASTER_KEY: masterKey,
    RIVULET_DROP_ROOT: dropRoot,
    RIVULET_DROP_TENANT: tenants.drop,
    RIVULET_DROP_POLL_MS: '200',
    RIVULET_DROP_SETTLE_MS: '0',
  }), { logger: createLogger('gateway-e2e', 'warn') });

  consumer = testKafka(env.kafkaBrokers).consumer({ groupId: uniqueName('ingest-e2e'), readUncommitted: false, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const ours = Object.values(tenants);
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const key = message.key?.toString('utf8') ?? '';
      if (!ours.some((t) => key.startsWith(`${t}/`)) || !message.value) return;
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ topic, key, value: (await serde.decode(message.value)).value as Record<string, any>, headers });
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await gateway?.stop();
  await telemetry?.shutdown();
});

/** Waits until exactly `count` messages of the tenant are on the topic, and stays there (no late duplicate). */
async function expectLanded(tenant: string, topic: string, count: number): Promise<Seen[]> {
  await waitFor(() => ofTenant(tenant, topic).length >= count, { timeoutMs: 60_000, description: `${count} ${topic} records of ${tenant}` });
  const messages = ofTenant(tenant, topic);
  expect(messages).toHaveLength(count);
  expect(new Set(messages.map((m) => m.value.envelope.event_id)).size).toBe(count);
  for (const m of messages) expect(m.value.envelope.tenant_id).toBe(tenant);
  return messages;
}

describe('ingest paths', () => {
  it('HTTP: CSV and NDJSON land decodable, encrypted and traced; a retry with the same Idempotency-Key duplicates nothing', async () => {
    const orders = await readFile(join(dataset, 'raw.erp.order.csv'), 'utf8');
    const post = (body: string, type: string, path: string, key: string) =>
      request(gateway.url).post(path).set('Authorization', `Bearer ${apiKey}`).set('Content-Type', type).set('Idempotency-Key', key).send(body);
    const first = await post(orders, 'text/csv', '/data/ingest?source=erp&entity=order', 'orders-1');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: summary.counts['raw.erp.order'], rejected: 0 });
    const retry = await post(orders, 'text/csv', '/data/ingest?source=erp&entity=order', 'orders-1');
    expect(retry.status).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);

    const customers = await readFile(join(dataset, 'raw.crm.customer.ndjson'), 'utf8');
    const created = await post(customers, 'application/x-ndjson', '/data/ingest/crm/customer', 'customers-1');
    expect(created.status).toBe(202);

    const landed = await expectLanded(tenants.http, 'raw.erp.order', summary.counts['raw.erp.order']);
    expect(landed.map((m) => m.value.envelope.event_id).sort()).toEqual([...first.body.eventIds].sort());
    const people = await expectLanded(tenants.http, 'raw.crm.customer', summary.counts['raw.crm.customer']);
    // A personal value travels encrypted; an empty one (the generator plants missing names) carries nothing
    // personal and stays empty, so a forgotten subject's record can still be processed.
    expect(people.filter((m) => m.value.first_name !== '').length).toBeGreaterThan(people.length / 2);
    for (const m of people) {
      if (m.value.first_name !== '') expect(m.value.first_name).toMatch(/^pii:v1:/);
      expect(m.value.envelope.pii_subject_id).toBe(`crm.customer:${m.value.customer_id}`);
      expect(m.headers.traceparent).toMatch(new RegExp(`^00-${m.value.envelope.trace_id}-[0-9a-f]{16}-0[01]$`));
    }
    // Re-posting the same records under a new key re-sends the same event ids: downstream dedupes by them.
    const resent = await post(orders, 'text/csv', '/data/ingest?source=erp&entity=order', 'orders-2');
    expect(resent.body.eventIds).toEqual(first.body.eventIds);
  });

  it('CLI: rivulet produce streams a CSV file to Kafka and exits 0 with a summary', async () => {
    const { stdout } = await run(join(repoRoot, 'node_modules/.bin/tsx'), [
      '--conditions=source', join(repoRoot, 'apps/cli/src/index.ts'),
      'produce', '--source', 'cdr', '--entity', 'call', '--tenant', tenants.cli, '--json', join(dataset, 'raw.cdr.call.csv'),
    ], { env: { ...process.env, RIVULET_MASTER_KEY: masterKey, KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: env.schemaRegistryUrl, DATABASE_URL: env.databaseUrl }, timeout: 90_000 });
    expect(JSON.parse(stdout)).toMatchObject({ topic: 'raw.cdr.call', accepted: summary.counts['raw.cdr.call'], rejected: 0 });
    const calls = await expectLanded(tenants.cli, 'raw.cdr.call', summary.counts['raw.cdr.call']);
    expect(calls[0]?.value.calling_number).toMatch(/^pii:v1:/);
  });

  it('CLI: bad input exits non-zero with a clear message (unknown source 2, missing file 2, every record invalid 1)', async () => {
    const cli = (...args: string[]) => run(join(repoRoot, 'node_modules/.bin/tsx'), ['--conditions=source', join(repoRoot, 'apps/cli/src/index.ts'), 'produce', ...args], {
      env: { ...process.env, KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: env.schemaRegistryUrl },
    }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    const unknown = await cli('--source', 'nope', '--entity', 'x', '--tenant', 't', join(dataset, 'raw.cdr.call.csv'));
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown source\/entity "nope.x"/) });
    const missing = await cli('--source', 'erp', '--entity', 'order', '--tenant', 't', join(dataset, 'nothing-here.csv'));
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read .*nothing-here.csv: no such file/) });
    await writeFile(join(dataset, 'invalid.ndjson'), '{"order_id":"X-1"}\n{"order_id":"X-2","status":"LOST"}\n');
    const invalid = await cli('--source', 'erp', '--entity', 'order', '--tenant', tenants.cli, join(dataset, 'invalid.ndjson'));
    expect(invalid).toMatchObject({ code: 1, stderr: expect.stringMatching(/none of the 2 records is valid/) });
  });

  it('drop folder: a file renamed into incoming/ is ingested once and moved to done/', async () => {
    const dir = join(dropRoot, 'oss.ticket');
    await writeFile(join(dir, 'incoming', '.tickets.ndjson'), await readFile(join(dataset, 'raw.oss.ticket.ndjson')));
    await rename(join(dir, 'incoming', '.tickets.ndjson'), join(dir, 'incoming', 'tickets.ndjson'));
    await waitFor(async () => (await readdir(join(dir, 'done'))).includes('tickets.ndjson'), { timeoutMs: 60_000, description: 'the file in done/' });
    await expectLanded(tenants.drop, 'raw.oss.ticket', summary.counts['raw.oss.ticket']);
    expect(await readdir(join(dir, 'failed'))).toEqual([]);
    expect(await readdir(join(dir, 'processing'))).toEqual([]);
  });
});

