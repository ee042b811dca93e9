import { createTenantQuotas, ingestBatch, PublishError, type IngestDeps, type OutgoingMessage, type TenantQuotaOptions } from '@rivulet/ingest';
import { UnknownSubjectError } from '@rivulet/registry';
import { createLogger, createTenantLabel } from '@rivulet/runtime';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { parseApiKeys } from './auth/apiKeys.js';
import { createServer } from './createServer.js';
import { createGatewayMetrics } from './metrics.js';

const header = 'order_id,account_id,order_date,status,total_amount,currency,item_count,channel,region';
const row = (id: string, status = 'PLACED') => `${id},ACC-1,2024-03-01T10:00:00Z,${status},12.50,GBP,2,,NORTH`;

function setup(options: { failPublish?: boolean; failEncode?: Error; maxBodyBytes?: number; quota?: TenantQuotaOptions; apiKeys?: string; metricsTenants?: string[] } = {}) {
  const published: OutgoingMessage[] = [];
  const ingestDeps: IngestDeps = {
    now: () => 1_700_000_000_000,
    serde: {
      encode: async (_s, value) => {
        if (options.failEncode) throw options.failEncode;
        return Buffer.from(JSON.stringify(value));
      },
    },
    publisher: {
      publish: async (_topic, messages) => {
        if (options.failPublish) throw new PublishError('Kafka did not acknowledge within 50 ms');
        published.push(...messages);
      },
    },
    protect: async (_t, value) => value,
  };
  const app = createServer({
    apiKeys: parseApiKeys(options.apiKeys ?? 'op-key-123:acme:operator,view-key-123:acme:viewer'),
    ingest: (topic, tenant, rows) => ingestBatch(ingestDeps, topic, tenant, rows),
    metrics: createGatewayMetrics(),
    logger: createLogger('gateway-test', 'silent'),
    ...(options.quota ? { quotas: createTenantQuotas(options.quota) } : {}),
    ...(options.metricsTenants ? { tenantLabel: createTenantLabel(options.metricsTenants) } : {}),
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
    expect(res.body.detail).toMatch(/not published for certain: .*some records may already be written, so retry later with the same Idempotency-Key/);
  });

  it('given the registry does not know the subject (just restarted, still loading), when posted, then 503 saying nothing was published', async () => {
    const { post, published } = setup({ failEncode: new UnknownSubjectError('raw.erp.order-value') });
    const res = await post().send([header, row('ORD-1')].join('\n'));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.detail).toMatch(/^nothing was published: subject "raw.erp.order-value" has no registered schema .*; retry later with the same Idempotency-Key$/);
    expect(published).toEqual([]);
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

describe('per-tenant ingest quotas', () => {
  const csv = (ids: string[]) => [header, ...ids.map((id) => row(id))].join('\n');
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('given a quota of 2 records/s with a burst of 4, when a tenant sends 3 then 3, then the second is a 429 with Retry-After, a problem and nothing published', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { post, published } = setup({ quota: { defaultLimit: { recordsPerSecond: 2, burst: 4 } } });
      expect((await post().send(csv(ids('A', 3)))).status).toBe(202);
      const refused = await post().set('Idempotency-Key', 'batch-2').send(csv(ids('B', 3)));
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: 'urn:rivulet:problem:quota-exceeded', title: 'Too many records', status: 429,
        records: 3, records_per_second: 2, burst: 4, retry_after_seconds: 1,
        detail: expect.stringMatching(/quota is 2 records\/s .*nothing of these 3 records was accepted: retry in 1 s/),
      });
      expect(published.map((m) => m.key)).toEqual(['acme/A-0', 'acme/A-1', 'acme/A-2']);

      // After Retry-After the same request (same Idempotency-Key) goes through: the 429 was not remembered.
      vi.advanceTimersByTime(1_000);
      const retried = await post().set('Idempotency-Key', 'batch-2').send(csv(ids('B', 3)));
      expect(retried.status).toBe(202);
      expect(published).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('given two tenants, then one over its quota does not slow the other; an override lifts a tenant\'s limit', async () => {
    const { app, post } = setup({
      apiKeys: 'op-key-123:acme:operator,op-key-456:globex:operator,op-key-789:big:operator',
      quota: { defaultLimit: { recordsPerSecond: 1, burst: 3 }, overrides: { big: { recordsPerSecond: 1000, burst: 10_000 } } },
    });
    expect((await post().send(csv(ids('A', 3)))).status).toBe(202);
    expect((await post().send(csv(ids('A2', 1)))).status).toBe(429);
    const as = (key: string, body: string) => request(app).post('/data/ingest?source=erp&entity=order').set('X-API-Key', key).set('Content-Type', 'text/csv').send(body);
    expect((await as('op-key-456', csv(ids('G', 3)))).status).toBe(202);
    expect((await as('op-key-789', csv(ids('BIG', 50)))).status).toBe(202);
  });

  it('given a batch larger than the burst, then 413 telling to split it (a retry could never pass)', async () => {
    const { post, published } = setup({ quota: { defaultLimit: { recordsPerSecond: 1, burst: 3 } } });
    const res = await post().send(csv(ids('A', 4)));
    expect(res.status).toBe(413);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.body).toMatchObject({ type: 'urn:rivulet:problem:batch-exceeds-quota', status: 413, records: 4, burst: 3, detail: expect.stringMatching(/split it/) });
    expect(published).toEqual([]);
    expect((await post().send(csv(ids('A', 3)))).status).toBe(202);
  });
});

describe('/health and /metrics', () => {
  it('serves health and Prometheus counters per source', async () => {
    const { app, post } = setup();
    await post().send([header, row('ORD-1'), row('ORD-2', 'LOST')].join('\n'));
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok', details: {} });
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toContain('rivulet_ingest_records_total{tenant="acme",source="erp",entity="order",path="http",outcome="accepted"} 1');
    expect(metrics).toContain('rivulet_ingest_records_total{tenant="acme",source="erp",entity="order",path="http",outcome="rejected"} 1');
    expect(metrics).toMatch(/rivulet_ingest_request_duration_seconds_count\{route="ingest",status="202"\} 1/);
  });

  it('given 20 tenants ingesting and 2 named, then the tenant label has 3 values: the named two and "other" (bounded cardinality)', async () => {
    const tenants = Array.from({ length: 20 }, (_, i) => `tenant${i}`);
    const { app } = setup({
      apiKeys: tenants.map((t, i) => `key-${String(i).padStart(6, '0')}:${t}:operator`).join(','),
      metricsTenants: ['tenant0', 'tenant7'],
      quota: { defaultLimit: { recordsPerSecond: 1, burst: 1 } },
    });
    for (const [i] of tenants.entries()) {
      const as = () => request(app).post('/data/ingest?source=erp&entity=order').set('X-API-Key', `key-${String(i).padStart(6, '0')}`).set('Content-Type', 'text/csv');
      expect((await as().send([header, row(`ORD-${i}`)].join('\n'))).status).toBe(202);
      expect((await as().send([header, row(`ORD-${i}b`)].join('\n'))).status).toBe(429);
    }
    const metrics = (await request(app).get('/metrics')).text;
    const tenantValues = (name: string) => new Set([...metrics.matchAll(new RegExp(`^${name}\\{tenant="([^"]+)"`, 'gm'))].map((m) => m[1]));
    expect(tenantValues('rivulet_ingest_records_total')).toEqual(new Set(['tenant0', 'tenant7', 'other']));
    expect(tenantValues('rivulet_ingest_quota_refusals_total')).toEqual(new Set(['tenant0', 'tenant7', 'other']));
    expect(metrics).toContain('rivulet_ingest_records_total{tenant="other",source="erp",entity="order",path="http",outcome="accepted"} 18');
    expect(metrics).toContain('rivulet_ingest_quota_refusals_total{tenant="other",reason="rate"} 18');
  });
});
