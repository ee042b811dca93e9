import fc from 'fast-check';
import { createLogger } from '@rivulet/runtime';
import { stackEnv, TEST_MASTER_KEY, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './startGateway.js';

// Property-based fuzzing of POST /data/ingest on the real stack (issue #13): whatever a client sends, the
// answer is a 202 (something valid was in it) or a 4xx problem+json naming what is wrong; never a 5xx, and the
// gateway keeps answering. Records the fuzzer happens to make valid go to the shared raw topics under a
// random tenant, which nobody else reads.
const env = stackEnv(process.env);
const tenant = uniqueName('fuzz');
const operatorKey = `op-${uniqueName('k')}`;
const viewerKey = `view-${uniqueName('k')}`;
const MAX_BODY = 64 * 1024;
let gateway: RunningGateway;

const start = (extra: Record<string, string> = {}) =>
  startGateway(
    parseGatewayConfig({
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: env.schemaRegistryUrl,
      DATABASE_URL: env.databaseUrl,
      RIVULET_MASTER_KEY: TEST_MASTER_KEY,
      RIVULET_API_KEYS: `${operatorKey}:${tenant}:operator,${viewerKey}:${tenant}:viewer`,
      GATEWAY_PORT: '0',
      INGEST_MAX_BODY_BYTES: String(MAX_BODY),
      ...extra,
    }),
    { logger: createLogger('gateway-fuzz', 'silent') },
  );

beforeAll(async () => {
  gateway = await start();
});
afterAll(() => gateway?.stop());

/** Strings an attacker or a broken client sends: SQL, path tricks, control characters, huge numbers. */
export const hostileStrings = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE kpis; --", "1' OR '1'='1", '" OR ""="', '1; SELECT pg_sleep(10)', "admin'--", '%27%20OR%201=1',
    '../../etc/passwd', '%00', '\u0000', '\uFFFD\uFFFE', '\uD800', '<script>alert(1)</script>', '${jndi:ldap://x}',
    '1e309', '-1', '99999999999999999999999999', 'NaN', 'Infinity', '0x7fffffff', '__proto__', 'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ maxLength: 2_000 }),
);

/** Values of the wrong type for any field. */
const anyValue = fc.oneof(
  hostileStrings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);
const orderFields = ['order_id', 'account_id', 'order_date', 'status', 'total_amount', 'currency', 'item_count', 'channel', 'region', 'tenant_id', '__proto__'];
const wrongTypedRecord = fc.dictionary(fc.constantFrom(...orderFields), anyValue, { maxKeys: orderFields.length });

const nested = (depth: number, open: string, close: string, leaf = '1') => open.repeat(depth) + leaf + close.repeat(depth);

/** Bodies as raw bytes. */
const bodies = fc.oneof(
  fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)),
  fc.array(wrongTypedRecord, { maxLength: 5 }).map((rows) => Buffer.from(JSON.stringify(rows))),
  fc.array(wrongTypedRecord, { maxLength: 5 }).map((rows) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'))),
  fc.integer({ min: 100, max: 20_000 }).map((d) => Buffer.from(nested(d, '[', ']'))),
  fc.integer({ min: 100, max: 6_000 }).map((d) => Buffer.from(`[${nested(d, '{"a":', '}')}]`)),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  // Invalid UTF-8: lone continuation bytes, truncated sequences, overlong encodings.
  fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xf0, 0xff, 0xfe, 0x22, 0x5b, 0x7b), { minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
  hostileStrings.map((s) => Buffer.from(`order_id,account_id,order_date,status,total_amount,currency,item_count\n${s},${s},${s},${s},${s},${s},${s}`)),
  fc.constant(Buffer.alloc(MAX_BODY + 1, 0x20)),
  fc.constant(Buffer.from(`[${'{"order_id":"x"},'.repeat(MAX_BODY / 16)}{}]`)),
);
const contentTypes = fc.constantFrom('application/json', 'application/x-ndjson', 'text/csv', 'text/csv; charset=latin1', 'application/xml', 'multipart/form-data; boundary=x', '', 'application/json; charset=utf-16');
/** Percent-encodes every byte, so lone surrogates (which encodeURIComponent refuses) reach the server too. */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const targets = fc.oneof(
  fc.constantFrom('/data/ingest?source=erp&entity=order', '/data/ingest/erp/order', '/data/ingest/crm/customer', '/data/ingest?source=cdr&entity=call'),
  fc.tuple(hostileStrings, hostileStrings).map(([s, e]) => `/data/ingest?source=${enc(s)}&entity=${enc(e)}`),
  fc.tuple(hostileStrings, hostileStrings).map(([s, e]) => `/data/ingest/${enc(s)}/${enc(e)}`),
  // Repeated parameters, invalid percent-encoding and invalid UTF-8 in the path.
  fc.constantFrom('/data/ingest?source=erp&source=crm&entity=order', '/data/ingest/%C3%28/order', '/data/ingest/erp/%ZZ', '/data/ingest?source=%E0%A4%A&entity=order', '/data/ingest?source[]=erp&entity=order'),
);

interface Answer { status: number; contentType: string; body: string }

async function send(path: string, body: Buffer, contentType: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorKey}`, ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The promise: 202, or a 4xx problem document whose detail says what is wrong. */
function expectClearAnswer(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status === 202) return;
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.contentType, what).toMatch(/application\/problem\+json/);
  const problem = JSON.parse(answer.body) as { status: number; title: string; detail: string };
  expect(problem.status).toBe(answer.status);
  expect(problem.detail.length, `${what}: an empty detail`).toBeGreaterThan(5);
}

describe('POST /data/ingest under hostile input', () => {
  it('given any body, content type and target, then a 202 or a 4xx with a clear message, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(targets, contentTypes, bodies, async (path, contentType, body) => {
        expectClearAnswer(await send(path, body, contentType), `${path} ${contentType} ${body.length}B`);
      }),
      { numRuns: 250 },
    );
  });

  it('given hostile headers (idempotency key, credentials), then 4xx answers, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileStrings, fc.constantFrom('authorization', 'x-api-key', 'idempotency-key'), async (value, header) => {
        // fetch refuses header values with control characters or non-Latin-1; those never reach a server anyway.
        const safe = value.replace(/[^\x20-\x7e]/g, '?');
        const auth: Record<string, string> = header === 'idempotency-key' ? { authorization: `Bearer ${operatorKey}`, 'idempotency-key': safe.repeat(1 + Math.floor(300 / Math.max(1, safe.length))) } : { [header]: safe };
        const res = await fetch(`${gateway.url}/data/ingest?source=erp&entity=order`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '[{"order_id":1}]' });
        expectClearAnswer({ status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }, `${header}: ${safe}`);
      }),
      { numRuns: 60 },
    );
  });

  it('given an oversized body, then 413 naming the limit; a viewer key gets 403 before the body is read', async () => {
    const big = await send('/data/ingest?source=erp&entity=order', Buffer.alloc(MAX_BODY * 4, 0x61), 'text/csv');
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).detail).toContain(String(MAX_BODY));
    const viewer = await send('/data/ingest?source=erp&entity=order', Buffer.from('[]'), 'application/json', { authorization: `Bearer ${viewerKey}` });
    expect(viewer.status).toBe(403);
  });

  it('given a tenant over its ingest quota (issue #14), then 429 with Retry-After saying nothing was accepted; hostile floods stay 4xx', async () => {
    const limited = await start({ INGEST_QUOTA_RECORDS_PER_SECOND: '1', INGEST_QUOTA_BURST: '3' });
    try {
      const order = (id: string) => ({ order_id: id, account_id: 'ACC-1', order_date: '2024-03-01T10:00:00Z', status: 'PLACED', total_amount: '1.00', currency: 'GBP', item_count: 1 });
      const post = (rows: unknown[]) => fetch(`${limited.url}/data/ingest?source=erp&entity=order`, {
        method: 'POST', headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' }, body: JSON.stringify(rows),
      });
      const first = await post([order(uniqueName('Q')), order(uniqueName('Q')), order(uniqueName('Q'))]);
      expect(first.status).toBe(202);
      const over = await post([order(uniqueName('Q'))]);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const problem = (await over.json()) as { detail: string };
      expect(problem.detail).toMatch(/quota.*nothing of these 1 records was accepted/);
      // A flood of hostile requests against a limited tenant: each refused cleanly, none a 5xx.
      await fc.assert(
        fc.asyncProperty(bodies, contentTypes, async (body, type) => {
          const res = await fetch(`${limited.url}/data/ingest?source=erp&entity=order`, { method: 'POST', headers: { authorization: `Bearer ${operatorKey}`, ...(type ? { 'content-type': type } : {}) }, body });
          expectClearAnswer({ status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }, `limited ${type} ${body.length}B`);
        }),
        { numRuns: 60 },
      );
    } finally {
      await limited.stop();
    }
  });

  it('after the fuzzing, the gateway is alive and still accepts a valid record', async () => {
    const health = await fetch(`${gateway.url}/health`);
    expect(health.status).toBe(200);
    const valid = { order_id: uniqueName('ORD'), account_id: 'ACC-1', order_date: '2024-03-01T10:00:00Z', status: 'PLACED', total_amount: '12.50', currency: 'GBP', item_count: 2 };
    const answer = await send('/data/ingest?source=erp&entity=order', Buffer.from(JSON.stringify([valid])), 'application/json');
    expect(answer.status, answer.body).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ accepted: 1, rejected: 0 });
  });
});
