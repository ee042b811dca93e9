import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReplays } from './replays.fixture.js';
import { seedReadModel, startTestStack } from './testStack.fixture.js';

// Property-based fuzzing of every documented route of the query API on a real PostgreSQL (issue #13):
// hostile query strings, path parameters and bodies (SQL-like strings, huge pagination values, wrong
// types, deeply nested and oversized JSON, invalid UTF-8) get a 2xx or a 4xx problem+json with a clear
// message; never a 5xx, and the server keeps answering. The walk takes its routes from the OpenAPI
// document, so a route added later is fuzzed without touching this file.
const { replays, start: startReplays } = emptyReplays();
const stack = await startTestStack({ bodyLimit: '64kb', seedBodyLimit: '256kb', replays });
const A = stack.tenants.a;
let base: string;
let server: ReturnType<typeof stack.app.listen>;

beforeAll(async () => {
  startReplays(stack.db, stack.schema);
  await seedReadModel(stack.db, A.id);
  server = stack.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await replays.close();
  await stack.stop();
});

interface Operation { method: string; path: string; query: string[]; pathParams: string[]; hasBody: boolean }
type Op = { parameters?: { name: string; in: string }[]; requestBody?: unknown; 'x-permission': string };
const operations: Operation[] = Object.entries(stack.openApi.paths as Record<string, Record<string, Op>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method,
    path,
    query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
    hasBody: op.requestBody !== undefined,
  })),
);

const hostileStrings = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE kpis; --", "1' OR '1'='1", "' UNION SELECT key_hash FROM api_keys --", '1; SELECT pg_sleep(10)', '%', '_', '\\',
    '../../etc/passwd', '\u0000', '\uD800', '\uFFFF', '<script>', '__proto__', 'constructor', '', ' ',
    '1e309', '-1', '0', '-0', '99999999999999999999999999', '9007199254740993', '2147483648', 'NaN', 'Infinity', '0x10', '1.5',
    '2026-13-45T99:99:99Z', '0000-00-00', '+275760-09-13T00:00:01Z', 'true', 'null', '[]', '{}',
  ),
  fc.string({ unit: 'binary', maxLength: 48 }),
  fc.string({ maxLength: 3_000 }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
);

/** Percent-encodes every byte, so lone surrogates and NULs reach the server as sent. */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + '1' + close.repeat(depth);
const anyJson = fc.oneof(hostileStrings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.json({ maxDepth: 3 }).map((s) => JSON.parse(s) as unknown));

const bodies = fc.oneof(
  fc.json({ maxDepth: 5 }).map((s) => Buffer.from(s)),
  fc.dictionary(fc.constantFrom('data', 'records', 'rules', 'mapping', 'metric', 'name', 'threshold', 'variables', 'fields', 'tenant_id', 'role', 'threshold', 'method', 'window'), anyJson, { maxKeys: 6 })
    .map((o) => Buffer.from(JSON.stringify(o))),
  fc.record({ data: fc.array(fc.dictionary(fc.string({ maxLength: 6 }), anyJson, { maxKeys: 4 }), { maxLength: 20 }) }).map((o) => Buffer.from(JSON.stringify(o))),
  fc.integer({ min: 100, max: 20_000 }).map((d) => Buffer.from(nested(d, '[', ']'))),
  fc.integer({ min: 100, max: 6_000 }).map((d) => Buffer.from(`{"data":[${nested(d, '{"a":', '}')}]}`)),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
  fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xf0, 0xff, 0x22, 0x7b, 0x7d, 0x3a), { minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.from(`{"data":"${'x'.repeat(300 * 1024)}"}`)),
);

interface Answer { status: number; contentType: string; body: string }

async function call(method: string, url: string, body?: Buffer, contentType = 'application/json'): Promise<Answer> {
  const res = await fetch(`${base}${url}`, {
    method: method.toUpperCase(),
    headers: { 'x-api-key': A.keys.admin, ...(body ? { 'content-type': contentType } : {}) },
    ...(body ? { body } : {}),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

function expectClearAnswer(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.contentType, what).toMatch(/application\/problem\+json/);
  const problem = JSON.parse(answer.body) as { status: number; detail: string };
  expect(problem.status, what).toBe(answer.status);
  expect(problem.detail.length, `${what}: an empty detail`).toBeGreaterThan(5);
}

const urlOf = (op: Operation, params: Record<string, string>, query: [string, string][]) => {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => enc(params[name] ?? 'x'));
  return query.length > 0 ? `${path}?${query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : path;
};

describe('query API under hostile input (every OpenAPI route)', () => {
  it('walks a known number of routes', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('given hostile query strings and path parameters, then 2xx or a 4xx with a clear message, never a 5xx', async () => {
    const op = fc.constantFrom(...operations);
    await fc.assert(
      fc.asyncProperty(op, fc.array(hostileStrings, { minLength: 6, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), hostileStrings), { maxLength: 5 }), async (o, pathValues, picks) => {
        const params = Object.fromEntries(o.pathParams.map((name, i) => [name, pathValues[i % pathValues.length]!]));
        const names = [...o.query, 'limit', 'cursor', 'offset', 'page', 'junk'];
        const query = picks.map(([n, v]) => [names[n % names.length]!, v] as [string, string]);
        const url = urlOf(o, params, query);
        expectClearAnswer(await call(o.method, url, o.hasBody ? Buffer.from('{}') : undefined), `${o.method} ${url.slice(0, 200)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('given huge pagination values on every paged route, then 400 naming the parameter, never a 5xx', async () => {
    const paged = operations.filter((o) => o.method === 'get' && o.query.includes('limit'));
    expect(paged.length).toBeGreaterThan(5);
    for (const o of paged) {
      for (const value of ['1e309', '99999999999999999999', '-1', '2147483648', 'abc']) {
        const answer = await call('get', urlOf(o, {}, [['limit', value]]));
        expect(answer.status, `${o.path}?limit=${value}`).toBe(400);
        expect(JSON.parse(answer.body).detail).toMatch(/limit/);
      }
    }
  });

  it('given hostile bodies on every route that takes one, then 2xx or a 4xx with a clear message, never a 5xx', async () => {
    const withBody = operations.filter((o) => o.hasBody);
    expect(withBody.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), bodies, fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded'), async (o, body, type) => {
        const url = urlOf(o, Object.fromEntries(o.pathParams.map((n) => [n, 'x'])), []);
        expectClearAnswer(await call(o.method, url, body, type), `${o.method} ${url} ${type} ${body.length}B`);
      }),
      { numRuns: 300 },
    );
  });

  it('after the fuzzing, the server is alive, answers a valid request and tenant A\'s data is intact', async () => {
    expect((await call('get', '/health')).status).toBeLessThan(500);
    const kpis = await call('get', '/kpis?limit=500');
    expect(kpis.status).toBe(200);
    expect((JSON.parse(kpis.body) as { items: unknown[] }).items).toHaveLength(9);
  });
});
