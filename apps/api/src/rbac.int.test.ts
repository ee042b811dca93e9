import { generateApiKey } from '@rivulet/auth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReplays } from './replays.fixture.js';
import { seedReadModel, startTestStack } from './testStack.fixture.js';

// RBAC walk (issue #13): every operation of the OpenAPI document, called with a valid request by each kind
// of caller — nobody, an unknown key, a viewer, an operator, an admin of the owning tenant and an admin of
// another tenant — must get exactly what its declared role says: 401 without valid credentials, 403 below
// the route's minimum role, 2xx at or above it; another tenant's admin never sees or changes this tenant's
// rows (404 on its resources, none of its ids in any answer). An operation without an example below fails
// the first test, so a new route cannot skip the walk.
const { replays, start: startReplays } = emptyReplays();
const stack = await startTestStack({ seedBodyLimit: '1mb', replays });
const { app, tenants, db } = stack;
const A = tenants.a;
const B = tenants.b;
const JOB_ID = 'rebuild_20261126101500123_t0123456789';

beforeAll(async () => {
  startReplays(db, stack.schema);
  await seedReadModel(db, A.id);
  await db('replay_jobs').insert({
    id: JOB_ID, kind: 'rebuild', tenant_id: A.id, projection: 'live', live_schema: stack.schema, shadow_schema: `${stack.schema}_rb`, group_id: 'rbac-walk',
    status: 'done', end_offsets: '{}', total: 0, requested_by: 'rbac-walk', finished_at: new Date(),
  });
});
afterAll(async () => {
  await replays.close();
  await stack.stop();
});

const invoice = {
  invoice_id: 'INV-000001', account_id: 'ACC-000001', customer_name: 'Mary Obrien', customer_email: 'mary@example.com', billing_phone: '+44 20 7946 0000',
  billing_street: '1 High Street', billing_city: 'London', billing_postcode: 'SW1A 1AA', billing_country: 'GB', amount_due_minor: 12_345, amount_paid_minor: 0,
  currency: 'GBP', issued_at: 1_770_000_000_000, due_at: 1_772_592_000_000, paid_at: null, status: 'OVERDUE', region: 'London', segment: 'CONSUMER',
};
const orders = Array.from({ length: 12 }, (_, i) => ({ order_id: `O${i}`, email: `u${i}@x.co`, total: 1000 + i, items: 1 + (i % 3) }));
const people = [
  { id: '1', first_name: 'Mary', last_name: 'Obrien', email: 'mary@example.com', date_of_birth: '1980-02-01', source: 'crm' },
  { id: '2', first_name: 'John', last_name: 'Smith', email: 'john@example.org', date_of_birth: '1975-07-09', source: 'crm' },
];
const rows = Array.from({ length: 24 }, (_, i) => ({ ts: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 2), i % 2)).toISOString(), region: i % 2 ? 'NORTH' : 'SOUTH', errors: 2 + (i % 3), revenue: 1000 - i }));

interface Example {
  /** Path with its parameters filled for tenant A (a function when each call needs a fresh resource). */
  path: string | (() => Promise<string>);
  body?: unknown;
  /** The path names a resource of tenant A: another tenant must get 404. */
  tenantResource?: boolean;
}

/** A fresh active key of tenant A to revoke (DELETE succeeds once per key). */
async function freshKeyId(): Promise<string> {
  const k = generateApiKey();
  await db('api_keys').insert({ id: k.keyId, tenant_id: A.id, name: 'to revoke', key_hash: k.hash, role: 'viewer' });
  return k.keyId;
}

const EXAMPLES: Record<string, Example> = {
  'get /health': { path: '/health' },
  'get /openapi.json': { path: '/openapi.json' },
  'get /dashboard': { path: '/dashboard' },
  'get /dashboard/dashboard.js': { path: '/dashboard/dashboard.js' },
  'get /dashboard/vendor/chart.umd.min.js': { path: '/dashboard/vendor/chart.umd.min.js' },
  'get /kpis': { path: '/kpis?limit=500' },
  'get /dashboard/data': { path: '/dashboard/data' },
  'get /sources': { path: '/sources' },
  'get /quality/checks': { path: '/quality/checks' },
  'get /quality/issues': { path: '/quality/issues' },
  'get /quality/report': { path: '/quality/report' },
  'get /entities': { path: '/entities' },
  'get /entities/{id}': { path: `/entities/${A.id}-ent-1`, tenantResource: true },
  'get /records/{eventId}/lineage': { path: `/records/${A.id}-raw-INV-0/lineage`, tenantResource: true },
  'get /rca/analyses': { path: '/rca/analyses' },
  'get /alerts': { path: '/alerts' },
  'get /alerts/rules': { path: '/alerts/rules' },
  'post /alerts/{id}/acknowledge': { path: `/alerts/${A.id}-alert-1/acknowledge`, body: {}, tenantResource: true },
  'post /alerts/configure': { path: '/alerts/configure', body: { name: 'rbac-walk', metric: 'revenue_invoiced', threshold: 0.2 } },
  'get /transformations': { path: '/transformations' },
  'post /admin/api-keys': { path: '/admin/api-keys', body: { name: 'rbac-walk', role: 'viewer' } },
  'get /admin/api-keys': { path: '/admin/api-keys' },
  'delete /admin/api-keys/{id}': { path: async () => `/admin/api-keys/${await freshKeyId()}`, tenantResource: true },
  // Subjects are per tenant (row-level security): another tenant's admin forgets only its own, never A's.
  'post /admin/subjects/{subjectId}/forget': { path: '/admin/subjects/crm.customer:C-rbac-walk/forget' },
  'post /replays': { path: '/replays', body: { kind: 'rebuild', dry_run: true } },
  'get /replays': { path: '/replays' },
  'get /replays/{id}': { path: `/replays/${JOB_ID}`, tenantResource: true },
  'post /transform': { path: '/transform', body: { source: 'raw.billing.invoice', source_data: [invoice] } },
  'post /normalize': { path: '/normalize', body: { records: [{ email: 'Jose@Example.com' }], rules: { email: [['email']] } } },
  'post /kpi/calculate': { path: '/kpi/calculate', body: { events: [], kpis: ['revenue_invoiced'] } },
  'post /check': { path: '/check', body: { data: orders, required_fields: ['email'], key_fields: ['order_id'] } },
  'post /detect-anomalies': { path: '/detect-anomalies', body: { data: orders } },
  'post /validate-schema': { path: '/validate-schema', body: { schema: { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }, data: [{ a: 1 }] } },
  'post /check-completeness': { path: '/check-completeness', body: { data: orders, threshold: 0.5 } },
  'post /generate-report': { path: '/generate-report', body: { data_source: 'erp', entity: 'order', data: orders, required_fields: ['email'] } },
  'post /reconcile': { path: '/reconcile', body: { source_data: people } },
  'post /match': { path: '/match', body: { record: people[0], candidates: people.slice(1) } },
  'post /deduplicate': { path: '/deduplicate', body: { records: people } },
  'post /validate-matches': { path: '/validate-matches', body: { matches: [{ record_a: people[0], record_b: people[1] }] } },
  'post /analyze': { path: '/analyze', body: { data: rows, problem_description: 'errors up', affected_metrics: ['errors'] } },
  'post /correlation': { path: '/correlation', body: { data: rows, variables: ['errors', 'revenue'] } },
  'post /trend-analysis': { path: '/trend-analysis', body: { data: rows, time_field: 'ts', metrics: ['revenue'], trend_period: 'daily' } },
  'post /predict-failure': { path: '/predict-failure', body: { data: rows.slice(0, 10) } },
};

type Op = { 'x-permission': string; 'x-minimum-role'?: string };
const operations = Object.entries(stack.openApi.paths as Record<string, Record<string, Op>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ id: `${method} ${path}`, method, permission: op['x-permission'], minimum: op['x-minimum-role'] })),
);
const RANK = { viewer: 0, operator: 1, admin: 2 } as const;
type Caller = 'none' | 'unknown key' | 'viewer' | 'operator' | 'admin';

async function callAs(opId: string, headers: Record<string, string>) {
  const [method] = opId.split(' ') as [string];
  const example = EXAMPLES[opId]!;
  const path = typeof example.path === 'function' ? await example.path() : example.path;
  let req = (request(app) as unknown as Record<string, (p: string) => request.Test>)[method]!(path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return example.body === undefined ? req : req.send(example.body as object);
}

const headersOf = (caller: Caller): Record<string, string> =>
  caller === 'none' ? {} : caller === 'unknown key' ? { authorization: `Bearer ${generateApiKey().key}` } : { 'x-api-key': A.keys[caller] };

describe('RBAC on every OpenAPI route', () => {
  it('has a valid example request for every documented operation', () => {
    expect(operations.map((o) => o.id).filter((id) => !EXAMPLES[id])).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((id) => !operations.some((o) => o.id === id))).toEqual([]);
  });

  it('gives each caller exactly its declared outcome: 401 without credentials, 403 below the minimum role, 2xx at or above', async () => {
    const outcomes: string[] = [];
    const wrong: string[] = [];
    for (const op of operations) {
      for (const caller of ['none', 'unknown key', 'viewer', 'operator', 'admin'] as const) {
        const res = await callAs(op.id, headersOf(caller));
        const expected = op.permission === 'public' ? '2xx'
          : caller === 'none' || caller === 'unknown key' ? '401'
          : RANK[caller] >= RANK[op.minimum as keyof typeof RANK] ? '2xx' : '403';
        const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
        outcomes.push(`${op.id} ${caller}: ${got}`);
        if (got !== expected) wrong.push(`${op.id} as ${caller}: expected ${expected}, got ${res.status} ${res.text.slice(0, 200)}`);
        if (got === '401' || got === '403') expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    expect(wrong).toEqual([]);
    // Every role is refused somewhere and allowed somewhere: the walk really distinguishes roles.
    for (const role of ['viewer', 'operator'] as const) {
      expect(outcomes.some((o) => o.endsWith(`${role}: 403`))).toBe(true);
      expect(outcomes.some((o) => o.endsWith(`${role}: 2xx`))).toBe(true);
    }
  });

  it('gives another tenant\'s admin 404 on this tenant\'s resources and none of its rows on any route', async () => {
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.permission !== 'public')) {
      const res = await callAs(op.id, { 'x-api-key': B.keys.admin });
      if (EXAMPLES[op.id]!.tenantResource) {
        if (res.status !== 404) leaks.push(`${op.id}: expected 404, got ${res.status}`);
      } else {
        if (res.status < 200 || res.status >= 300) leaks.push(`${op.id}: expected 2xx, got ${res.status}`);
        if (res.text.includes(A.id)) leaks.push(`${op.id}: the answer names tenant A (${A.id})`);
      }
    }
    expect(leaks).toEqual([]);
    // Tenant A's keys still work after B's admin tried to revoke one.
    expect((await request(app).get('/kpis').set('x-api-key', A.keys.viewer)).status).toBe(200);
  });
});
