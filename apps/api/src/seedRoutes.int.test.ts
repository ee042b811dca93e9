import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStack } from './testStack.fixture.js';

// The seed's synchronous endpoints call the pure libraries; only authentication touches PostgreSQL.
const stack = await startTestStack({ seedBodyLimit: '200kb' });
afterAll(() => stack.stop());
const key = stack.tenants.a.keys.operator;
const post = (path: string, body: unknown) => request(stack.app).post(path).set('X-API-Key', key).send(body as object);

const invoice = {
  invoice_id: 'INV-000001', account_id: 'ACC-000001', customer_name: 'MARY  O’BRIEN', customer_email: 'mary@example.com', billing_phone: '+44 20 7946 0000',
  billing_street: '1 High Street', billing_city: 'London', billing_postcode: 'SW1A 1AA', billing_country: 'GB', amount_due_minor: 12_345, amount_paid_minor: 0,
  currency: 'GBP', issued_at: 1_770_000_000_000, due_at: 1_772_592_000_000, paid_at: null, status: 'OVERDUE', region: 'London', segment: 'CONSUMER',
};
const orders = Array.from({ length: 40 }, (_, i) => ({ order_id: `O${i}`, email: i === 3 ? null : `u${i}@x.co`, total: i === 20 ? 900_000 : 1000 + ((i * 37) % 200), items: i === 20 ? 300 : 1 + (i % 4) }));
const people = [
  { id: '1', first_name: 'Mary', last_name: "O'Brien", email: 'mary@example.com', date_of_birth: '1980-02-01', source: 'crm' },
  { id: '2', first_name: 'Mary', last_name: 'OBrien', email: 'mary@example.com', date_of_birth: '1980-02-01', source: 'billing' },
  { id: '3', first_name: 'John', last_name: 'Smith', email: 'john@example.org', date_of_birth: '1975-07-09', source: 'crm' },
];

describe('seed endpoints: transform', () => {
  it('given a raw invoice, then /transform maps it with KPI totals; its output feeds /kpi/calculate', async () => {
    const res = await post('/transform', { source: 'raw.billing.invoice', source_data: [invoice] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', metrics: { records_in: 1, records_failed: 0 }, kpi_results: { invoice_count: { count: 1 } } });
    expect(res.body.transformed_data[0].record.envelope.tenant_id).toBe(stack.tenants.a.id);
    const kpis = await post('/kpi/calculate', { events: res.body.transformed_data, kpis: ['revenue_invoiced'] });
    expect(kpis.body).toEqual({ kpi_results: { revenue_invoiced: { GBP_minor: 12_345 } }, facts_count: expect.any(Number) });
  });

  it('given an unknown source or unknown rule, then 400 problem details (typed library errors)', async () => {
    const res = await post('/transform', { source: 'sap.thing', source_data: [] });
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('Bad Request');
    expect((await post('/normalize', { records: [{}], rules: { a: [['nope']] } })).status).toBe(400);
  });

  it('given ad-hoc records, then /normalize cleans the named fields', async () => {
    const res = await post('/normalize', { records: [{ email: 'Jose@Example.com' }], rules: { email: [['email']] } });
    expect(res.body.normalized_records).toEqual([{ email: 'jose@example.com' }]);
  });
});

describe('seed endpoints: quality', () => {
  it('given a batch, then /check, /detect-anomalies and /check-completeness report with the seed\'s field names', async () => {
    const check = await post('/check', { data: orders, required_fields: ['email'], key_fields: ['order_id'], anomaly_fields: ['total', 'items'] });
    expect(check.body).toMatchObject({ total_records: 40, issues_found: 1, status: 'WARN' });
    expect(check.body.anomalies[0].index).toBe(20);
    expect((await post('/detect-anomalies', { data: orders })).body.anomalies[0].index).toBe(20);
    expect((await post('/check-completeness', { data: orders, threshold: 0.99 })).body).toMatchObject({ incomplete_fields: ['email'], status: 'FAIL' });
  });

  it('given an Avro schema, then /validate-schema gives each error its path; a bad schema is a 400', async () => {
    const schema = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] };
    expect((await post('/validate-schema', { schema, data: [{ a: 1 }, { a: 'x' }] })).body).toMatchObject({ valid: false, valid_records: 1, errors: [{ index: 1, path: 'a' }] });
    expect((await post('/validate-schema', { schema: { type: 'nope' }, data: [] })).status).toBe(400);
  });

  it('given a batch, then /generate-report answers JSON, or escaped HTML with Accept: text/html', async () => {
    const body = { data_source: 'erp', entity: 'order', data: orders, required_fields: ['email'], title: 'Orders <today>' };
    const json = await post('/generate-report', body);
    expect(json.body).toMatchObject({ title: 'Orders <today>', summary: { total_records: 40 } });
    const html = await post('/generate-report', body).set('Accept', 'text/html');
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('Orders &lt;today&gt;');
  });
});

describe('seed endpoints: matching', () => {
  it('given party records, then /reconcile, /match, /deduplicate and /validate-matches agree that 1 and 2 are the same person', async () => {
    const rec = await post('/reconcile', { source_data: people, tenant_id: 'someone-else' });
    expect(rec.body).toMatchObject({ total_records: 3, duplicates_removed: 1 });
    const m = await post('/match', { record: people[0], candidates: people.slice(1) });
    expect(m.body.matches[0]).toMatchObject({ candidate_index: 0, decision: 'MATCH' });
    expect((await post('/deduplicate', { records: people })).body).toMatchObject({ duplicates: [{ record_index: 1, duplicate_of: 0 }] });
    const v = await post('/validate-matches', { matches: [{ record_a: people[0], record_b: people[1] }, { record_a: people[0], record_b: people[2] }] });
    expect(v.body).toMatchObject({ valid_count: 1, invalid_count: 1 });
  });
});

describe('seed endpoints: rca', () => {
  const regions = ['NORTH', 'SOUTH', 'EAST', 'WEST'];
  const rows = Array.from({ length: 96 }, (_, i) => {
    const day = Math.floor(i / 8);
    const region = regions[i % 4]!;
    const source = i % 8 < 4 ? 'billing' : 'crm';
    return { ts: new Date(Date.UTC(2026, 10, 1 + day, i % 8)).toISOString(), region, source, errors: 2 + (i % 3) + (day >= 10 && source === 'billing' && region === 'NORTH' ? 40 : 0), revenue: 1000 - day * 10 - (i % 3) };
  });

  it('given rows with a late spike, then /analyze ranks the spiking combination first, with a measured execution time', async () => {
    const res = await post('/analyze', { data: rows, problem_description: 'errors up', affected_metrics: ['errors'], time_window: { field: 'ts', start: '2026-11-11T00:00:00Z' } });
    expect(res.body.root_causes[0]).toMatchObject({ rank: 1, dimensions: { region: 'NORTH', source: 'billing' } });
    expect(res.body.execution_time).toBeGreaterThan(0);
  });

  it('given rows, then /correlation, /trend-analysis and /predict-failure answer', async () => {
    expect((await post('/correlation', { data: rows, variables: ['errors', 'revenue'] })).body.correlation_matrix.errors.errors).toBe(1);
    expect((await post('/trend-analysis', { data: rows, time_field: 'ts', metrics: ['revenue'], trend_period: 'daily' })).body.trends[0].mann_kendall.trend).toBe('decreasing');
    expect((await post('/predict-failure', { data: rows.slice(0, 10) })).body.predictions).toHaveLength(10);
  });

  it('given a body over the seed limit or a missing field, then 413 or 400', async () => {
    const big = Array.from({ length: 3_000 }, (_, i) => ({ ts: i, region: 'NORTH', errors: i, pad: 'x'.repeat(60) }));
    expect((await post('/analyze', { data: big, problem_description: 'x', affected_metrics: ['errors'] })).status).toBe(413);
    const res = await post('/analyze', { data: rows });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.problem_description', 'body.affected_metrics']));
  });
});
