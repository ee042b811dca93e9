import { fileURLToPath } from 'node:url';
import { loadRuleSets } from '@rivulet/quality';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from './testStack.fixture.js';

const stack = await startTestStack({ qualityRules: await loadRuleSets(fileURLToPath(new URL('../../../config/checks/', import.meta.url))) });
const { app, tenants, db } = stack;
const A = tenants.a;
const B = tenants.b;
const HOUR = 3_600_000;
const T = Date.parse('2026-11-20T00:00:00Z');

/** quality_window_stats rows of one hour, as the projector writes them. */
function hour(tenant: string, h: number, records: number, missingRegion = 0) {
  const key = { tenant_id: tenant, source_system: 'billing', entity: 'invoice', window_size: 'hour', window_start: new Date(T + h * HOUR) };
  return [
    ['records', '', records], ['status', 'PASS', records - missingRegion], ['status', 'WARN', missingRegion], ['score_sum', '', records - missingRegion / 2],
    ['invalid', '', 1], ['duplicate', '', 0], ['observed', 'region', records], ['present', 'region', records - missingRegion],
    ['evaluated', 'completeness.region', records], ['failed', 'completeness.region', missingRegion],
  ].map(([metric, name, value]) => ({ ...key, metric, name, value }));
}

const ref = (tenant: string, id: string) => ({
  tenant_id: tenant, record_event_id: `${tenant}-can-${id}`, source_system: 'billing', record_entity: 'invoice', record_id: id, record_topic: 'canonical.invoice', record_partition: 0, record_offset: 1,
});

beforeAll(async () => {
  // A: ten steady hours, then hour 10 with 20 records of which 10 lack a region, then nothing in hour 11.
  await db('quality_window_stats').insert([...Array.from({ length: 10 }, (_, h) => hour(A.id, h, 100 + (h % 3))).flat(), ...hour(A.id, 10, 20, 10)]);
  await db('quality_window_stats').insert(Array.from({ length: 12 }, (_, h) => hour(B.id, h, 5_000)).flat());
  // One record of A judged twice: the current verdict is of rules v2; v1's issue is history.
  await db('quality_checks').insert({
    event_id: `${A.id}-qc-v2`, ...ref(A.id, 'INV-9'), entity: 'invoice', score: 0.9, status: 'PASSED', checks_evaluated: 5, failed_checks: '["completeness.segment"]',
    event_time: new Date(T), rules_version: 'checks/invoice@v2', result_partition: 0, result_offset: 7, in_windows: true,
  });
  const issue = (version: string, check: string) => ({
    event_id: `${A.id}-qi-${version}`, ...ref(A.id, 'INV-9'), entity: 'invoice', field: 'x', check_name: check, severity: 'FAIL', message: `${check} failed`, event_time: new Date(T), rules_version: version,
  });
  await db('quality_issues').insert([issue('checks/invoice@v1', 'consistency.not_overpaid'), issue('checks/invoice@v2', 'completeness.segment')]);
});
afterAll(() => stack.stop());

const range = `from=${new Date(T + 10 * HOUR).toISOString()}&to=${new Date(T + 12 * HOUR).toISOString()}`;

describe('quality report from the read model', () => {
  it('given steady hours then a sudden drop and a silent hour, then each window is a section with its ratios, check verdicts and volume', async () => {
    const res = await request(app).get(`/quality/report?window=hour&${range}&history=10`).set('X-API-Key', A.keys.viewer);
    expect(res.status).toBe(200);
    expect(res.headers['x-rivulet-lag']).toBeDefined();
    const sections = res.body.sections as { window_start: string; source: string; entity: string; records: number; completeness: Record<string, number>; validity: number; duplicate_rate: number; volume: { verdict: string }; checks: { check: string; status: string }[] }[];
    expect(sections.map((s) => [s.source, s.entity, s.window_start, s.records, s.volume.verdict])).toEqual([
      ['billing', 'invoice', '2026-11-20T10:00:00.000Z', 20, 'drop'],
      ['billing', 'invoice', '2026-11-20T11:00:00.000Z', 0, 'drop'],
    ]);
    expect(sections[0]).toMatchObject({ completeness: { region: 0.5 }, validity: 0.95, duplicate_rate: 0 });
    // config/checks/invoice.yaml: completeness.region window { warn: 5%, fail: 20% }; 50% missing is a FAIL.
    expect(sections[0]!.checks.find((c) => c.check === 'completeness.region')?.status).toBe('FAIL');
    expect(res.body.summary).toMatchObject({ total_records: 20, sections: 2, volume_alerts: 2 });
  });

  it('given the same question as POST /generate-report without data, then the same report, and HTML on request', async () => {
    const get = await request(app).get(`/quality/report?${range}&history=10&source=billing`).set('X-API-Key', A.keys.viewer);
    const body = { data_source: 'billing', window: 'hour', from: new Date(T + 10 * HOUR).toISOString(), to: new Date(T + 12 * HOUR).toISOString(), history: 10 };
    const post = await request(app).post('/generate-report').set('X-API-Key', A.keys.operator).send(body);
    expect(post.status).toBe(200);
    expect({ ...post.body, generated_at: null, freshness: null }).toEqual({ ...get.body, generated_at: null, freshness: null });
    const html = await request(app).get(`/quality/report?${range}&format=html`).set('X-API-Key', A.keys.viewer);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('billing / invoice');
    const htmlPost = await request(app).post('/generate-report').set('X-API-Key', A.keys.operator).set('Accept', 'text/html').send(body);
    expect(htmlPost.text).toContain('<!doctype html>');
  });

  it('given another tenant\'s counters, then they never show in the caller\'s report', async () => {
    const res = await request(app).get(`/quality/report?${range}`).set('X-API-Key', B.keys.viewer);
    expect(res.body.sections.map((s: { records: number }) => s.records)).toEqual([5_000, 5_000]);
    expect(res.body.summary.total_records).toBe(10_000);
  });

  it('given a range too long or reversed, then 400 with a message', async () => {
    const long = await request(app).get('/quality/report?window=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z').set('X-API-Key', A.keys.viewer);
    expect(long.status).toBe(400);
    expect(long.body.detail).toMatch(/at most 744 windows/);
    const reversed = await request(app).get('/quality/report?from=2026-03-01T00:00:00Z&to=2026-01-01T00:00:00Z').set('X-API-Key', A.keys.viewer);
    expect(reversed.status).toBe(400);
  });

  it('given a record re-evaluated under new rules, then /quality/issues serves only the issues of its current verdict', async () => {
    const res = await request(app).get('/quality/issues?entity=invoice').set('X-API-Key', A.keys.viewer);
    expect(res.body.items.map((i: { check_name: string }) => i.check_name)).toEqual(['completeness.segment']);
  });
});
