import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetentionPolicy } from './retentionPolicy.js';
import { runRetention } from './runRetention.js';

const env = stackEnv(process.env);
const schemaName = uniqueName('retention').replaceAll('-', '_');
const db = createDb({ url: env.databaseUrl, searchPath: [schemaName] });
const tenant = uniqueName('t');
const now = Date.parse('2026-11-26T12:00:00Z');
const daysAgo = (d: number, hour = 10) => new Date(Date.UTC(2026, 10, 26 - d, hour));

const issue = (id: string, at: Date, over: Record<string, unknown> = {}) => ({
  event_id: `${tenant}-${id}`, tenant_id: tenant, record_event_id: `r-${id}`, source_system: 'crm', record_entity: 'customer', record_id: id,
  record_topic: 'raw.crm.customer', record_partition: 0, record_offset: 1, entity: 'party', field: 'email', check_name: 'email_format',
  region: 'NORTH', segment: null, severity: 'WARNING', observed_value: null, expected: null, message: 'email failed', event_time: at, ...over,
});

beforeAll(() => migrateLatest(db, { schemaName }));
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schemaName]);
  await db.destroy();
});

describe('read-model retention', () => {
  it('summarises quality issues older than the policy into daily counts, deletes them, keeps newer ones', async () => {
    await db('quality_issues').insert([
      issue('a', daysAgo(40, 9)), issue('b', daysAgo(40, 23)), issue('c', daysAgo(40), { severity: 'ERROR', field: null }),
      issue('d', daysAgo(35)), issue('e', daysAgo(5)), issue('f', daysAgo(29)),
    ]);
    const policies = parseRetentionPolicy('quality_issues=30d');

    const dry = await runRetention(db, policies, { now, dryRun: true });
    expect(dry).toEqual([{ table: 'quality_issues', cutoff: '2026-10-27T12:00:00.000Z', deleted: 4, summarised: 0 }]);
    expect(Number((await db('quality_issues').where({ tenant_id: tenant }).count({ n: '*' }))[0]!.n)).toBe(6);

    const [result] = await runRetention(db, policies, { now, batchSize: 2 });
    expect(result).toMatchObject({ deleted: 4, summarised: 4 });
    expect((await db('quality_issues').orderBy('event_id').pluck('event_id'))).toEqual([`${tenant}-e`, `${tenant}-f`]);
    const daily = await db('quality_issue_daily').where({ tenant_id: tenant }).orderBy(['day', 'severity']).select('day', 'field', 'severity', 'region', 'segment', 'issues');
    expect(daily.map((r) => ({ ...r, day: new Date(r.day).toISOString().slice(0, 10), issues: Number(r.issues) }))).toEqual([
      { day: '2026-10-17', field: '', severity: 'ERROR', region: 'NORTH', segment: '', issues: 1 },
      { day: '2026-10-17', field: 'email', severity: 'WARNING', region: 'NORTH', segment: '', issues: 2 },
      { day: '2026-10-22', field: 'email', severity: 'WARNING', region: 'NORTH', segment: '', issues: 1 },
    ]);
  });

  it('an issue projected again after it was summarised (a rebuild from offset zero) is deleted again, never counted twice', async () => {
    const total = async () => Number((await db('quality_issue_daily').where({ tenant_id: tenant }).sum({ n: 'issues' }))[0]!.n);
    const before = await total();
    await db('quality_issues').insert([issue('a', daysAgo(40, 9)), issue('g', daysAgo(40, 11))]); // a: replayed; g: new and late
    const [result] = await runRetention(db, parseRetentionPolicy('quality_issues=30d'), { now });
    expect(result).toMatchObject({ deleted: 2, summarised: 1 });
    expect(await total()).toBe(before + 1);
    expect(await db('quality_issues').where('event_id', `${tenant}-a`)).toHaveLength(0);
  });

  it('plain tables are deleted by age, each by its own time column; tables not in the policy are kept', async () => {
    await db('alerts').insert([
      { tenant_id: tenant, alert_id: 'old', event_id: 'ev-old', rule: 'r', severity: 'INFO', message: 'm', dimensions: '{}', created_at: daysAgo(100) },
      { tenant_id: tenant, alert_id: 'new', event_id: 'ev-new', rule: 'r', severity: 'INFO', message: 'm', dimensions: '{}', created_at: daysAgo(1) },
    ]);
    await db('audit_log').insert({ tenant_id: tenant, actor: 'x', action: 'y', at: daysAgo(400) });
    const results = await runRetention(db, parseRetentionPolicy('alerts=90d,quality_issue_summarised=30d'), { now });
    expect(results).toEqual([
      { table: 'alerts', cutoff: daysAgo(90, 12).toISOString(), deleted: 1 },
      { table: 'quality_issue_summarised', cutoff: daysAgo(30, 12).toISOString(), deleted: 5 },
    ]);
    expect(await db('alerts').where({ tenant_id: tenant }).pluck('alert_id')).toEqual(['new']);
    expect(await db('audit_log').where({ tenant_id: tenant })).toHaveLength(1);
  });
});
