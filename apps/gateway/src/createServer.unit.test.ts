import { ingestBatch, PublishError, type IngestDeps, type OutgoingMessage } from '@rivulet/ingest';
import { createLogger } from '@rivulet/runtime';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseApiKeys } from './auth/apiKeys.js';
import { createServer } from './createServer.js';
import { createGatewayMetrics } from './metrics.js';

const header = 'order_id,account_id,order_date,status,total_amount,currency,item_count,channel,region';
const row = (id: string, status = 'PLACED') => `${id},ACC-1,2024-03-01T10:00:00Z,${status},12.50,GBP,2,,NORTH`;

function setup(options: { failPublish?: boolean; maxBodyBytes?: number } = {}) {
  const published: OutgoingMessage[] = [];
  const ingestDeps: IngestDeps = {
    now: () => 1_700_000_000_000,
    serde: { encode: async (_s, value) => Buffer.from(JSON.stringify(value)) },
    publisher: {
      publish: async (_topic, messages) => {
        if (options.failPublish) throw new PublishError('Kafka did not acknowledge within 50 ms');
        published.push(...messages);
      },
    },
    protect: async (_t, value) => value,
  };
  const app = createServer({
    apiKeys: parseApiKeys('op-key-123:acme:operator,view-key-123:acme:viewer'),
    ingest: (topic, tenant, rows) => ingestBatch(ingestDeps, topic, tenant, rows),
    metrics: createGatewayMetrics(),
    logger: createLogger('gateway-test', 'silent'),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const post = (path = '/data/ingest?source=erp&entity=order', type = 'text/csv') =>
    request(app).post(path).set('Authorization', 'Bearer op-key-123').set('Content-Type', type);
  return { app, published, post };
}

describe('POST /data/ingest', () => {
  it('given a partial CSV batch, when posted, then 202 with counts, event ids and the invalid rows with reasons', async () => {
    const { post, published } = setup();
    const res = await post().send([header, row('ORD-1'), row('ORD-2', 'LOST'), row('ORD-3')].join('\n'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ topic: 'raw.erp.order', received: 3, accepted: 2, rejected: 1 });
    expect(res.body.eventIds).toHaveLength(2);
    expect(res.body.errors).toEqual([{ index: 1, line: 3, recordId: 'ORD-2', reasons: [expect.stringMatching(/^status: expected one of PLACED/)] }]);
    expect(published.map((m) => m.key)).toEqual(['acme/ORD-1', 'acme/ORD-3']);
  });

  it('given the tenant in the payload, when posted as NDJSON on the path route, then the key tenant wins', async () => {
    const { post, published } = setup();
    const record = { order_id: 'ORD-9', account_id: 'A', order_date: '2024-03-01T10:00:00Z', status: 'placed', total_amount: '1', currency: 'GBP', item_count: 1, tenant_id: 'evil' };
    const res = await post('/data/ingest/erp/order', 'application/x-ndjson').send(`${JSON.stringify(record)}\n\n`);
    expect(res.status).toBe(202);
    expect(published[0]?.key).toBe('acme/ORD-9');
    expect(JSON.parse(published[0]!.value.toString()).envelope.tenant_id).toBe('acme');
  });

  it('given only invalid records, when posted, then 422 problem and nothing published', async () => {
    const { post, published } = setup();
    const res = await post('/data/ingest?source=erp&entity=order', 'application/json').send(JSON.stringify([{ order_id: 'X' }]));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:rivulet:problem:no-valid-records', status: 422, accepted: 0, rejected: 1 });
    expect(published).toEqual([]);
  });

  it('maps refusals to 401, 403, 404, 415, 413 and 400', async () => {
    const { app, post } = setup({ maxBodyBytes: 200 });
    expect((await request(app).post('/data/ingest?source=erp&entity=order').send('x')).status).toBe(401);
    const viewer = await request(app).post('/data/ingest?source=erp&entity=order').set('X-API-Key', 'view-key-123').set('Content-Type', 'text/csv').send('x');
    expect(viewer.status).toBe(403);
    expect((await post('/data/ingest?source=erp&entity=nope').send('x')).status).toBe(404);
    expect((await post(undefined, 'text/plain').send('x')).status).toBe(415);
    const big = await post().send(`${header}\n${row('ORD-1').repeat(10)}`);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ type: 'urn:rivulet:problem:payload-too-large', title: 'Payload too large', status: 413 });
    expect((await post(undefined, 'application/json').send('[{')).status).toBe(400);
    expect((await post().send('')).status).toBe(400);
  });

  it('given Kafka does not acknowledge, when posted, then 503 with Retry-After and never 202', async () => {
    const { post } = setup({ failPublish: true });
    const res = await post().send([header, row('ORD-1')].join('\n'));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.detail).toMatch(/nothing was accepted/);
  });

  it('given a retry with the same Idempotency-Key, when posted, then replays the answer without publishing again', async () => {
    const { post, published } = setup();
    const body = [header, row('ORD-1')].join('\n');
    const first = await post().set('Idempotency-Key', 'k-1').send(body);
    const again = await post().set('Idempotency-Key', 'k-1').send(body);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(published).toHaveLength(1);
    const other = await post().set('Idempotency-Key', 'k-1').send([header, row('ORD-2')].join('\n'));
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:rivulet:problem:idempotency-key-reused');
  });
});

describe('/health and /metrics', () => {
  it('serves health and Prometheus counters per source', async () => {
    const { app, post } = setup();
    await post().send([header, row('ORD-1'), row('ORD-2', 'LOST')].join('\n'));
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok', details: {} });
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toContain('rivulet_ingest_records_total{source="erp",entity="order",path="http",outcome="accepted"} 1');
    expect(metrics).toContain('rivulet_ingest_records_total{source="erp",entity="order",path="http",outcome="rejected"} 1');
    expect(metrics).toMatch(/rivulet_ingest_request_duration_seconds_count\{route="ingest",status="202"\} 1/);
  });
});
