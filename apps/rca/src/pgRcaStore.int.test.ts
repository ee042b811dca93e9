import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRulesOf } from './pgRcaStore.js';

const db = createDb({ url: stackEnv(process.env).databaseUrl });
const a = uniqueName('tenant');
const b = uniqueName('tenant');

beforeAll(async () => {
  await migrateLatest(db);
  // As POST /alerts/configure stores them (alert_rules is keyed by tenant and name).
  await db('alert_rules').insert([
    { tenant_id: a, name: 'any-critical', metric: '*', min_severity: 'CRITICAL', enabled: true },
    { tenant_id: a, name: 'issues-warning', metric: 'quality.issues', min_severity: 'WARNING', enabled: true },
    { tenant_id: a, name: 'revenue-sure', metric: 'revenue_invoiced', threshold: 0.8, min_severity: 'INFO', enabled: true },
    { tenant_id: a, name: 'muted', metric: 'any', min_severity: 'INFO', enabled: false },
    { tenant_id: a, name: 'typo', metric: '*', min_severity: 'LOUD', enabled: true },
  ]);
});
afterAll(() => db.destroy());

describe('alertRulesOf', () => {
  it('given a tenant with rules, then its enabled, valid rules, a * metric matching every finding', async () => {
    expect(await db.transaction((tx) => alertRulesOf(tx, a))).toEqual([
      { name: 'any-critical', minSeverity: 'CRITICAL' },
      { name: 'issues-warning', minSeverity: 'WARNING', metric: 'quality.issues' },
      { name: 'revenue-sure', minSeverity: 'INFO', metric: 'revenue_invoiced', threshold: 0.8 },
    ]);
  });

  it('given a tenant without rules, then null (the app falls back to RCA_ALERT_MIN_SEVERITY), never another tenant\'s', async () => {
    expect(await db.transaction((tx) => alertRulesOf(tx, b))).toBeNull();
  });
});
