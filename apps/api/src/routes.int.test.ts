import { apiKeyId, generateApiKey } from '@rivulet/auth';
import { createJwtVerifier } from '@rivulet/auth';
import { createTopics, testKafka, stackEnv, uniqueName } from '@rivulet/testkit';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantRunner } from './readModel/tenantScope.js';
import { seedReadModel, startTestStack } from './testStack.fixture.js';

const jwtSecret = 'integration-test-secret-of-at-least-32-bytes';
const stack = await startTestStack({ jwt: createJwtVerifier({ hs256Secret: jwtSecret }) });
const { app, tenants, db } = stack;
const A = tenants.a;
const B = tenants.b;
let seeded: Awaited<ReturnType<typeof seedReadModel>>;

beforeAll(async () => {
  seeded = await seedReadModel(db, A.id);
  await seedReadModel(db, B.id, { scale: 2 });
});
afterAll(() => stack.stop());

const get = (path: string, key?: string) => (key ? request(app).get(path).set('X-API-Key', key) : request(app).get(path));
const post = (path: string, body: unknown, key?: string) => (key ? request(app).post(path).set('Authorization', `Bearer ${key}`) : request(app).post(path)).send(body as object);

const expectProblem = (res: request.Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
};

describe('auth on every documented route (walks the OpenAPI document)', () => {
  const operations = Object.entries(stack.openApi.paths as Record<string, Record<string, { 'x-permission': string; 'x-minimum-role'?: string }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path: path.replace(/\{[^}]+\}/g, 'aaaaaaaaaaaa'), permission: op['x-permission'], minimum: op['x-minimum-role'] })),
  );
  const rank = { viewer: 0, operator: 1, admin: 2 } as const;

  it('given no credentials, then 401 on every non-public route and never 401 on public ones', async () => {
    for (const op of operations) {
      const res = await (request(app) as unknown as Record<string, (p: string) => request.Test>)[op.method]!(op.path);
      if (op.permission === 'public') expect(res.status, `${op.method} ${op.path}`).not.toBe(401);
      else {
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/Bearer/);
      }
    }
  });

  it('given each role, then 403 exactly where the role is below the route\'s minimum role', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      for (const op of operations.filter((o) => o.permission !== 'public')) {
        const res = await (request(app) as unknown as Record<string, (p: string) => request.Test>)[op.method]!(op.path).set('X-API-Key', A.keys[role]).send({});
        const allowed = rank[role] >= rank[op.minimum as keyof typeof rank];
        if (allowed) expect([401, 403], `${role} ${op.method} ${op.path} → ${res.status}`).not.toContain(res.status);
        else expectProblem(res, 403);
      }
    }
  });

  it('given an unknown key, a malformed key or a bad JWT, then 401', async () => {
    expectProblem(await get('/kpis', generateApiKey().key), 401);
    expectProblem(await get('/kpis').set('X-API-Key', 'nope'), 401);
    expectProblem(await get('/kpis').set('Authorization', 'Bearer a.b.c'), 401);
  });

  it('given a JWT with tenant and role, then reads work and writes are refused for a viewer', async () => {
    const token = await new SignJWT({ tenant: A.id, role: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('jwt-user').setExpirationTime('5m').sign(new TextEncoder().encode(jwtSecret));
    const res = await get('/kpis?limit=500').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(9);
    expectProblem(await post('/alerts/configure', { name: 'x', metric: 'm' }).set('Authorization', `Bearer ${token}`), 403);
  });
});

describe('read models', () => {
  it('given seeded KPIs, then /kpis filters by name, window, dimension and time and pages with a cursor', async () => {
    const all = await get('/kpis?name=revenue_invoiced&window=hour&limit=500', A.keys.viewer);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(6);
    expect(all.body.items[0]).toMatchObject({ kpi: 'revenue_invoiced', window: 'hour', window_start: seeded.hour(2).toISOString(), source: 'billing', unit: 'GBP_minor' });
    const north = await get(`/kpis?name=revenue_invoiced&region=NORTH&from=${encodeURIComponent(seeded.hour(1).toISOString())}`, A.keys.viewer);
    expect(north.body.items.map((r: { value: number }) => r.value)).toEqual([1200, 1100]);
    expect((await get('/kpis?window=day', A.keys.viewer)).body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await get(`/kpis?limit=4${cursor ? `&cursor=${cursor}` : ''}`, A.keys.viewer);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((r: Record<string, string>) => `${r.window_start}|${r.kpi}|${r.region}|${r.unit}`));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(9);
  });

  it('given bad query parameters, then 400 problem details listing each problem', async () => {
    const res = await get('/kpis?limit=0&window=week', A.keys.viewer);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.window']);
    expectProblem(await get('/kpis?limit=501', A.keys.viewer), 400);
    expectProblem(await get('/kpis?from=yesterday', A.keys.viewer), 400);
    const bad = await get('/kpis?cursor=bm90LWEtY3Vyc29y', A.keys.viewer);
    expectProblem(bad, 400);
    expect(bad.body.errors[0].path).toBe('query.cursor');
    expectProblem(await get('/no/such/route', A.keys.viewer), 404);
  });

  it('given two tenants, then each sees only its own rows, and another tenant\'s entity is a 404', async () => {
    const b = await get('/kpis?name=invoice_count&limit=500', B.keys.viewer);
    expect(b.body.items.map((r: { value: number }) => r.value)).toEqual([6, 6, 6]);
    expect((await get(`/entities/${A.id}-ent-1`, B.keys.viewer)).status).toBe(404);
    expect((await get(`/records/${A.id}-raw-INV-0/lineage`, B.keys.viewer)).status).toBe(404);
  });

  it('given row-level security, then a query that forgets its tenant filter still returns only the caller\'s rows', async () => {
    const run = createTenantRunner(db);
    expect(await run.apiRole()).toBe(true);
    const rows = await run({ tenant: B.id }, (tx) => tx('kpis').select('tenant_id'));
    expect(rows.length).toBe(9);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([B.id]));
    const none = await run({}, (tx) => tx('entities').count({ n: '*' }));
    expect(Number(none[0]!.n)).toBe(0);
    // Without the role switch (the owner), the same query sees both tenants: RLS is what scoped it.
    expect(Number((await db('kpis').whereIn('tenant_id', [A.id, B.id]).count({ n: '*' }))[0]!.n)).toBe(18);
  });

  it('given the dashboard query, then KPIs over time, quality per source, issues, findings and entity counts', async () => {
    const res = await get(`/dashboard/data?from=${encodeURIComponent(seeded.from)}&to=${encodeURIComponent(seeded.to)}`, A.keys.viewer);
    expect(res.status).toBe(200);
    const revenue = res.body.kpis.find((k: { kpi: string }) => k.kpi === 'revenue_invoiced');
    expect(revenue.points.map((p: { value: number }) => p.value)).toEqual([1500, 1600, 1700]);
    expect(res.body.quality_by_source).toEqual([
      { source_system: 'billing', records: 4, quality_score: 0.875, failed: 1, pass_rate: 0.75 },
      { source_system: 'crm', records: 2, quality_score: 0.75, failed: 0, pass_rate: 1 },
    ]);
    expect(res.body.open_issues).toMatchObject({ total: 2, by_severity: { FAIL: 1, WARN: 1 } });
    expect(res.body.rca_findings[0].root_causes).toHaveLength(2);
    expect(res.body.entities).toEqual({ active: 2, merged: 0, members: 3 });
    expect(res.body.alerts).toEqual({ unacknowledged: 1 });
    expect(res.body.freshness).toBeDefined();
    const again = await get(`/dashboard/data?from=${encodeURIComponent(seeded.from)}&to=${encodeURIComponent(seeded.to)}`, A.keys.viewer);
    expect(again.body.cached).toBe(true);
  });

  it('given entities, then search by organisation name, member record id and id prefix; the detail has members with confidences', async () => {
    const byName = await get('/entities?search=acme%20widgets', A.keys.viewer);
    expect(byName.body.items.map((e: { entity_id: string }) => e.entity_id)).toEqual([`${A.id}-ent-1`]);
    expect((await get('/entities?search=C-1', A.keys.viewer)).body.items.map((e: { entity_id: string }) => e.entity_id)).toEqual([`${A.id}-ent-2`]);
    expect((await get(`/entities?search=${A.id}-ent`, A.keys.viewer)).body.items).toHaveLength(2);
    expect((await get('/entities?search=50%25_off', A.keys.viewer)).body.items).toHaveLength(0);
    const detail = await get(`/entities/${A.id}-ent-1`, A.keys.viewer);
    expect(detail.body.members.map((m: { member_key: string; confidence: number }) => [m.member_key, m.confidence])).toEqual([['crm:customer:C-0', 0.97], ['billing:invoice:INV-0', 0.88]]);
  });

  it('given a raw record id, then its lineage runs from the source offset through transformations and quality to its entity, with the trace id', async () => {
    const res = await get(`/records/${A.id}-raw-INV-0/lineage`, A.keys.viewer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      trace_id: 'trace-b0',
      source: { topic: 'raw.billing.invoice', partition: 0, offset: 0 },
      canonical: [{ event_id: `${A.id}-can-INV-0`, topic: 'canonical.invoice', kafka_offset: 7 }],
      transformations: [{ mapping_version: 'billing.invoice@1' }],
      quality: { checks: [{ status: 'FAILED' }], issues: [{ check_name: 'validity.email' }] },
    });
    expect(res.body.entities.map((e: { entity_id: string }) => e.entity_id)).toEqual([`${A.id}-ent-1`]);
  });

  it('given the other list routes, then each answers a page with freshness', async () => {
    for (const path of ['/sources', '/quality/checks?status=FAILED', '/quality/issues?severity=WARN', '/rca/analyses', '/alerts?acknowledged=false', '/transformations', '/alerts/rules']) {
      const res = await get(path, A.keys.viewer);
      expect(res.status, path).toBe(200);
      expect(res.body.items.length, path).toBeGreaterThan(path === '/alerts/rules' ? -1 : 0);
    }
    expect((await get('/quality/checks?status=FAILED', A.keys.viewer)).body.items).toHaveLength(1);
    expect((await get('/sources', A.keys.viewer)).body.items.map((s: { source_system: string }) => s.source_system)).toEqual(['billing', 'crm']);
  });
});

describe('freshness', () => {
  it('given a projector checkpoint behind the topic, then X-Rivulet-Lag and freshness report the difference', async () => {
    const env = stackEnv(process.env);
    const kafka = testKafka(env.kafkaBrokers);
    const topic = uniqueName('fresh');
    await createTopics(kafka, [topic], 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
    await producer.disconnect();
    await db('projection_checkpoints').insert({ projection: 'read-models', topic, partition: 0, next_offset: 2 });
    const res = await get('/sources', A.keys.viewer);
    expect(res.headers['x-rivulet-lag']).toBe('3');
    expect(res.body.freshness.topics).toContainEqual(expect.objectContaining({ topic, checkpoint_offset: 2, latest_offset: 5, lag: 3 }));
  });
});

describe('writes, admin and audit', () => {
  it('given an operator, when configuring an alert rule, then 201, the rule is listed and an audit row is written', async () => {
    const res = await post('/alerts/configure', { name: 'revenue-drop', metric: 'revenue_invoiced', threshold: 0.2, channels: ['email:ops@example.com'] }, A.keys.operator);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'revenue-drop', threshold: 0.2, enabled: true, config: { channels: ['email:ops@example.com'] } });
    expect((await get('/alerts/rules', B.keys.viewer)).body.items).toHaveLength(0);
    const audit = await db('audit_log').where({ tenant_id: A.id, action: 'alert_rule.configure' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: 'revenue-drop', detail: { role: 'operator', via: 'api_key' } });
    expectProblem(await post('/alerts/configure', { name: 'bad name!', metric: '' }, A.keys.operator), 400);
  });

  it('given an operator, when acknowledging an alert, then it is acknowledged; another tenant\'s alert is a 404', async () => {
    const res = await post(`/alerts/${A.id}-alert-1/acknowledge`, {}, A.keys.operator);
    expect(res.body).toMatchObject({ acknowledged: true, acknowledged_by: expect.stringMatching(/^key:/) });
    expectProblem(await post(`/alerts/${A.id}-alert-1/acknowledge`, {}, B.keys.operator), 404);
  });

  it('given an admin, when creating, listing and revoking keys, then the new key works until revoked, within the tenant only', async () => {
    const made = await post('/admin/api-keys', { name: 'ci', role: 'viewer', tenant_id: A.id }, A.keys.admin);
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^rk_/);
    expect((await get('/kpis?limit=1', made.body.key)).status).toBe(200);
    expect((await get('/kpis?limit=500', made.body.key)).body.items).toHaveLength(9); // tenant A's rows
    const listed = await get('/admin/api-keys', A.keys.admin);
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(made.body.id);
    expect(JSON.stringify(listed.body)).not.toContain('key_hash');
    expect((await get('/admin/api-keys', B.keys.admin)).body.items.map((k: { id: string }) => k.id)).not.toContain(made.body.id);
    expectProblem(await request(app).delete(`/admin/api-keys/${made.body.id}`).set('X-API-Key', B.keys.admin), 404);
    expect((await request(app).delete(`/admin/api-keys/${made.body.id}`).set('X-API-Key', A.keys.admin)).status).toBe(200);
    expectProblem(await get('/kpis', made.body.key), 401);
    const actions = await db('audit_log').where({ tenant_id: A.id }).whereLike('action', 'api_key.%').pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['api_key.create', 'api_key.list', 'api_key.revoke']));
  });

  it('given a body over the limit or malformed JSON, then 413 and 400 problem details', async () => {
    expectProblem(await post('/alerts/configure', { name: 'big', metric: 'm', config: { pad: 'x'.repeat(100_000) } }, A.keys.operator), 413);
    expectProblem(await request(app).post('/alerts/configure').set('X-API-Key', A.keys.operator).set('content-type', 'application/json').send('{"name":'), 400);
  });
});

describe('cross-tenant attempts: refused and audited', () => {
  const deniedRows = async (tenant: string, target: string) =>
    db('audit_log').where({ tenant_id: tenant, action: 'access.denied', target }).orderBy('id');

  it('given a key of tenant B asking for A\'s entity, record lineage or alert, then 404 and an access.denied row in B\'s audit log flagged cross_tenant', async () => {
    for (const [path, target, route] of [
      [`/entities/${A.id}-ent-1`, `entity:${A.id}-ent-1`, 'GET /entities/:id'],
      [`/records/${A.id}-raw-INV-0/lineage`, `record:${A.id}-raw-INV-0`, 'GET /records/:eventId/lineage'],
    ] as const) {
      const before = (await deniedRows(B.id, target)).length; // the read-model tests above tried these too
      expectProblem(await get(path, B.keys.viewer), 404);
      const rows = await deniedRows(B.id, target);
      expect(rows, path).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({
        actor: `key:${apiKeyId(B.keys.viewer)}`,
        detail: { route, path, outcome: 404, cross_tenant: true, via: 'api_key', role: 'viewer', reason: expect.stringMatching(/not found|no lineage/) },
      });
    }
    const alertsBefore = (await deniedRows(B.id, `alert:${A.id}-alert-1`)).length;
    expectProblem(await post(`/alerts/${A.id}-alert-1/acknowledge`, {}, B.keys.operator), 404);
    expect((await deniedRows(B.id, `alert:${A.id}-alert-1`)).slice(alertsBefore)).toEqual([expect.objectContaining({ actor: `key:${apiKeyId(B.keys.operator)}`, detail: expect.objectContaining({ route: 'POST /alerts/:id/acknowledge', cross_tenant: true }) })]);
    // Nothing about the attempt lands in A's log, and A's alert stays unacknowledged by B.
    expect(await db('audit_log').where({ tenant_id: A.id, action: 'access.denied' }).whereLike('target', `%${A.id}-%`)).toEqual([]);
  });

  it('given an id that exists in no tenant, then the 404 is audited as not cross-tenant', async () => {
    expectProblem(await get('/entities/no-such-entity', A.keys.viewer), 404);
    expect((await deniedRows(A.id, 'entity:no-such-entity'))[0]).toMatchObject({ detail: { outcome: 404, cross_tenant: false } });
  });

  it('given an admin of B revoking A\'s key, then 404, the key keeps working, and B\'s audit log has the attempt', async () => {
    const keyId = apiKeyId(A.keys.viewer);
    expectProblem(await request(app).delete(`/admin/api-keys/${keyId}`).set('X-API-Key', B.keys.admin), 404);
    expect((await get('/kpis?limit=1', A.keys.viewer)).status).toBe(200);
    expect(await deniedRows(B.id, `api_key:${keyId}`)).toEqual([
      expect.objectContaining({ actor: `key:${apiKeyId(B.keys.admin)}`, detail: expect.objectContaining({ route: 'DELETE /admin/api-keys/:id', outcome: 404, cross_tenant: true, role: 'admin' }) }),
    ]);
  });

  it('given an admin of A creating or listing keys for tenant B by name, then 403, no key is made, and the attempt is audited', async () => {
    const keysOfB = async () => Number((await db('api_keys').where({ tenant_id: B.id }).count({ n: '*' }))[0]!.n);
    const before = await keysOfB();
    const res = await post('/admin/api-keys', { name: 'sneaky', role: 'admin', tenant_id: B.id }, A.keys.admin);
    expectProblem(res, 403);
    expect(res.body.detail).toMatch(new RegExp(`cannot act for tenant ${B.id}`));
    expectProblem(await get(`/admin/api-keys?tenant_id=${B.id}`, A.keys.admin), 403);
    expect(await keysOfB()).toBe(before);
    const rows = await deniedRows(A.id, `tenant:${B.id}`);
    expect(rows.map((r) => [r.detail.route, r.detail.outcome, r.detail.cross_tenant, r.detail.named_tenant])).toEqual([
      ['POST /admin/api-keys', 403, true, B.id],
      ['GET /admin/api-keys', 403, true, B.id],
    ]);
    expect(rows[0].actor).toBe(`key:${apiKeyId(A.keys.admin)}`);
  });

  it('given a read naming another tenant in the X-Rivulet-Tenant header, then 403 and audited; naming its own tenant is fine', async () => {
    expectProblem(await get('/kpis', A.keys.viewer).set('X-Rivulet-Tenant', B.id), 403);
    expect(await deniedRows(A.id, `tenant:${B.id}`)).toContainEqual(expect.objectContaining({ detail: expect.objectContaining({ route: 'GET /kpis', outcome: 403 }) }));
    expect((await get('/kpis', A.keys.viewer).set('X-Rivulet-Tenant', A.id)).status).toBe(200);
  });
});

describe('documents', () => {
  it('given /openapi.json, then the same document as built, as JSON', async () => {
    const res = await get('/openapi.json');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(stack.openApi)));
  });
});

describe('health', () => {
  it('given the local stack, then PostgreSQL, Kafka and the registry are healthy with response times', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('healthy');
    for (const name of ['postgresql', 'kafka', 'schema_registry']) expect(res.body.services[name]).toMatchObject({ status: 'healthy', response_time_ms: expect.any(Number) });
  });
});
