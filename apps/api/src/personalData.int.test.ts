import { createPgPiiCipher, parseMasterKey } from '@rivulet/pii';
import { TEST_MASTER_KEY } from '@rivulet/testkit';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from './testStack.fixture.js';

// Personal fields are ciphertext in the read models; the API reveals them to callers with personal:read,
// withholds them from viewers, and shows [erased] once a tenant admin forgot the subject.
const stack = await startTestStack({ masterKey: parseMasterKey(TEST_MASTER_KEY) });
const { app, tenants, db } = stack;
const A = tenants.a;
const B = tenants.b;
const cipher = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db });
const subject = 'crm.customer:C-77';
const other = 'billing.invoice:INV-77';
const entityId = `${A.id}-person-77`;

beforeAll(async () => {
  const email = await cipher.encrypt(A.id, subject, 'ada.lovelace@example.org');
  const phone = await cipher.encrypt(A.id, subject, '+44 20 7946 0077');
  const name = await cipher.encrypt(A.id, other, 'Ada Lovelace');
  await db('entities').insert({
    tenant_id: A.id, entity_id: entityId, status: 'ACTIVE', version: 1, merge_strategy: 'priority_based', member_count: 2, region: 'NORTH', last_event_id: 'g77',
    golden: JSON.stringify({ party_type: 'PERSON', email, phone, full_name: name, segment: 'SMB' }), event_time: new Date('2026-11-20T10:00:00Z'),
  });
  await db('quality_issues').insert({
    event_id: `${A.id}-qi-77`, tenant_id: A.id, record_event_id: `${A.id}-raw-C-77`, source_system: 'crm', record_entity: 'customer', record_id: 'C-77',
    record_topic: 'raw.crm.customer', record_partition: 0, record_offset: 77, entity: 'party', field: 'email', check_name: 'email_format', severity: 'WARNING',
    observed_value: email, message: 'email failed email_format', event_time: new Date('2026-11-20T10:00:00Z'),
  });
});
afterAll(() => stack.stop());

const get = (path: string, key: string) => request(app).get(path).set('X-API-Key', key);
const forget = (id: string, key: string) => request(app).post(`/admin/subjects/${encodeURIComponent(id)}/forget`).set('X-API-Key', key);

describe('personal data in API answers', () => {
  it('an operator reads golden records in clear text; a viewer gets [withheld]; no answer carries ciphertext', async () => {
    const op = await get(`/entities/${entityId}`, A.keys.operator);
    expect(op.status).toBe(200);
    expect(op.body.golden).toMatchObject({ email: 'ada.lovelace@example.org', phone: '+44 20 7946 0077', full_name: 'Ada Lovelace', segment: 'SMB' });
    const viewer = await get(`/entities/${entityId}`, A.keys.viewer);
    expect(viewer.body.golden).toMatchObject({ email: '[withheld]', phone: '[withheld]', full_name: '[withheld]', segment: 'SMB' });
    for (const res of [op, viewer, await get('/entities', A.keys.operator), await get('/quality/issues?from=2000-01-01T00:00:00Z', A.keys.operator)]) {
      expect(JSON.stringify(res.body)).not.toContain('pii:v1:');
    }
  });

  it('only an admin may forget, and only in its own tenant', async () => {
    const denied = await forget(subject, A.keys.operator);
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toMatch(/application\/problem\+json/);
    // Tenant B's admin names A's subject: B's own (unknown) subject is recorded as forgotten, A's key is untouched.
    const elsewhere = await forget(subject, B.keys.admin);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.key_destroyed).toBe(false);
    expect((await get(`/entities/${entityId}`, A.keys.operator)).body.golden.email).toBe('ada.lovelace@example.org');
    const bad = await forget('not a subject', A.keys.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.subjectId');
  });

  it('after forget, the subject\'s fields read [erased] everywhere, other subjects and non-personal facts stay, and the audit log has it', async () => {
    const res = await forget(subject, A.keys.admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subject_id: subject, key_destroyed: true });

    const entity = await get(`/entities/${entityId}`, A.keys.operator);
    expect(entity.body.golden).toMatchObject({ email: '[erased]', phone: '[erased]', full_name: 'Ada Lovelace', segment: 'SMB', party_type: 'PERSON' });
    expect(entity.body.member_count).toBe(2);
    const issues = await get('/quality/issues?from=2000-01-01T00:00:00Z', A.keys.viewer);
    const issue = issues.body.items.find((i: { event_id: string }) => i.event_id === `${A.id}-qi-77`);
    expect(issue).toMatchObject({ check_name: 'email_format', severity: 'WARNING', observed_value: '[erased]' });
    expect(JSON.stringify(entity.body) + JSON.stringify(issues.body)).not.toMatch(/ada\.lovelace|7946 0077|pii:v1:/);

    const audit = await db('audit_log').where({ tenant_id: A.id, action: 'pii.forget', target: subject });
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ key_destroyed: true, role: 'admin', method: 'api' });
    const again = await forget(subject, A.keys.admin);
    expect(again.body).toMatchObject({ key_destroyed: false, destroyed_at: res.body.destroyed_at });
  });
});
