import { createDb, migrateLatest } from '@rivulet/db';
import { stackEnv, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetentionPolicy } from './retentionPolicy.js';
import { scheduleRetention } from './scheduleRetention.js';

const env = stackEnv(process.env);
const schemaName = uniqueName('retention_schedule').replaceAll('-', '_');
const db = createDb({ url: env.databaseUrl, searchPath: [schemaName] });
const tenant = uniqueName('t');
const DAY = 86_400_000;

const alert = (id: string, ageDays: number) => ({
  tenant_id: tenant, alert_id: id, event_id: `ev-${id}`, rule: 'r', severity: 'INFO', message: 'm', dimensions: '{}', created_at: new Date(Date.now() - ageDays * DAY),
});

beforeAll(() => migrateLatest(db, { schemaName }));
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schemaName]);
  await db.destroy();
});

describe('scheduled retention', () => {
  it('applies the policy at every interval until stopped: rows aged past it go, newer rows stay', async () => {
    const logged: string[] = [];
    const logger = { info: (_: object, msg: string) => logged.push(msg), error: (_: object, msg: string) => logged.push(msg) };
    await db('alerts').insert([alert('old', 100), alert('new', 1)]);
    const schedule = scheduleRetention({ db, policies: parseRetentionPolicy('alerts=90d'), intervalMs: 100, logger });
    try {
      await waitFor(async () => (await db('alerts').where({ tenant_id: tenant, alert_id: 'old' })).length === 0, { description: 'the first run to delete the old alert' });
      // A row that ages past the policy after a run is deleted by a later run, without a restart.
      await db('alerts').insert(alert('later', 95));
      await waitFor(async () => (await db('alerts').where({ tenant_id: tenant, alert_id: 'later' })).length === 0, { description: 'a later run to delete the next old alert' });
    } finally {
      await schedule.stop();
    }
    expect(await db('alerts').where({ tenant_id: tenant }).pluck('alert_id')).toEqual(['new']);
    expect(logged.filter((m) => m === 'retention applied').length).toBeGreaterThanOrEqual(2);
    expect(logged).not.toContain('retention run failed; trying again at the next interval');

  });

  it('a failing run is logged and retried at the next interval, not fatal', async () => {
    const errors: string[] = [];
    const broken = createDb({ url: env.databaseUrl, searchPath: [`${schemaName}_missing`] });
    const schedule = scheduleRetention({
      db: broken, policies: parseRetentionPolicy('alerts=90d'), intervalMs: 50,
      logger: { info: () => undefined, error: (_: object, msg: string) => errors.push(msg) },
    });
    try {
      await waitFor(() => errors.length >= 2, { description: 'two failed runs, each logged' });
    } finally {
      await schedule.stop();
      await broken.destroy();
    }
    expect(errors[0]).toMatch(/retention run failed/);
  });
});
