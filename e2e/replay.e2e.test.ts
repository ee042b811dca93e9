import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateLatest } from '@rivulet/db';
import { writeDataset } from '@rivulet/generator';
import { CHECKSUMMED_TABLES, type ReadModelChecksum } from '@rivulet/projections';
import { stackEnv, testKafka, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from './support/api.js';
import { rivulet, runGroups, schemaEnv, startApps, startGroupsAtCatalogueEnd, stopApps, type RunningApp } from './support/platform.js';
import { waitForSettled } from './support/settled.js';

// Issue #10, point 3: run the pipeline for a tenant of its own, rebuild that tenant's read models from every
// topic's offset 0 with `rivulet replay rebuild --tenant` (a shadow schema, then a swap), and the checksums
// (`rivulet verify --tenant`) equal the live ones for every projected table; rebuilding the same range again
// changes nothing. Small on purpose (a few hundred generated records): it runs in every `npm test`.
const env = stackEnv(process.env);
const tenant = uniqueName('e2e_replay').replaceAll('-', '_');
const projection = `e2e_${tenant}`;
// A schema of this run's own for every app and the CLI (schemaEnv): the RCA analyser with idle close works
// through every tenant of its database, and a shared database holds the unanalysed windows of every earlier
// run; other runs' projectors never write into it either.
const schema = tenant;
const inSchema = schemaEnv(schema);
const key = newApiKey();
const kafka = testKafka(env.kafkaBrokers);
const db = createDb({ url: env.databaseUrl, applicationName: 'rivulet-e2e-replay', maxConnections: 2, searchPath: [schema, 'public'] });
const apps: RunningApp[] = [];
const groups = runGroups('e2e.replay');
let dataDir: string;
let gatewayUrl: string;

const verify = async (): Promise<ReadModelChecksum> => JSON.parse(await rivulet(inSchema, 'verify', '--tenant', tenant, '--json')) as ReadModelChecksum;

/** The tenant's rows of every checksummed table (minus the volatile columns), by primary key: to show what differs. */
async function tenantRows(): Promise<Map<string, Map<string, string>>> {
  const tables = new Map<string, Map<string, string>>();
  for (const t of CHECKSUMMED_TABLES) {
    const { rows } = await db.raw<{ rows: { k: string; row: string }[] }>(
      `select concat_ws('|', ${t.primaryKey.map(() => '??').join(', ')}) as k, (to_jsonb(t) - ?::text[])::text as row from ?? as t where tenant_id = ?`,
      [...t.primaryKey.map((c) => `t.${c}`), t.volatile, t.table, tenant],
    );
    tables.set(t.table, new Map(rows.map((r) => [r.k, r.row])));
  }
  return tables;
}

/** Up to three rows per differing table, live next to rebuilt (a missing row is undefined). */
function rowDiff(live: Map<string, Map<string, string>>, rebuilt: Map<string, Map<string, string>>): Record<string, unknown[]> {
  const diff: Record<string, unknown[]> = {};
  for (const [table, before] of live) {
    const after = rebuilt.get(table)!;
    const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    if (keys.length > 0) diff[table] = keys.slice(0, 3).map((k) => ({ key: k, live: before.get(k), rebuilt: after.get(k) }));
  }
  return diff;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rivulet-e2e-replay-'));
  await writeDataset({ records: 300, seed: 'e2e-replay', tenant }, dataDir);
  await migrateLatest(db, { schemaName: schema });
  await startGroupsAtCatalogueEnd(kafka, Object.values(groups));
  const common = {
    ...inSchema, RIVULET_API_KEYS: `${key}:${tenant}:operator`, PROJECTION_NAME: projection, ...groups,
    // The tenant's last windows close once it has sent nothing for 5 s (by default only later event time closes
    // them): "RCA has analysed every window the data covers" is then something the test can wait for.
    // Hour windows only (the default adds 5-minute ones, six times as many to analyse for the same findings).
    RCA_IDLE_CLOSE: '5s', RCA_ANALYZE_INTERVAL: '1s', RCA_WINDOW_SIZES: '1h',
  };
  await startApps(apps, ['transform', 'quality', 'match', 'rca', 'projector', 'gateway'], common);
  gatewayUrl = `http://127.0.0.1:${apps.find((a) => a.name === 'gateway')!.port}`;
}, 600_000);

afterAll(async () => {
  await stopApps(apps);
  await db.raw('drop schema if exists ?? cascade', [schema]);
  await db.destroy();
});

describe('rebuild of a tenant\'s read models after a pipeline run', () => {
  it('the rebuilt rows equal the live ones in every projected table, and rebuilding the same range again changes nothing', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as { counts: Record<string, number> };
    let accepted = 0;
    for (const topic of Object.keys(summary.counts)) {
      const [, source, entity] = topic.split('.');
      const res = await fetch(`${gatewayUrl}/data/ingest?source=${source}&entity=${entity}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body: readFileSync(join(dataDir, `${topic}.ndjson`)),
      });
      expect([202, 422]).toContain(res.status);
      accepted += ((await res.json()) as { accepted: number }).accepted;
    }
    expect(accepted).toBeGreaterThan(0);

    // Settled, as an operator would judge it: every accepted record is in the read model, RCA has analysed
    // every window the tenant's data covers, and none of this run's consumer groups (transform, quality,
    // match, rca, projector) has lag. All in one poll; no fixed sleep.
    await waitForSettled(kafka, Object.values(groups), async () => {
      const [{ records }] = await db('data_sources').where({ tenant_id: tenant }).sum({ records: 'record_count' }) as [{ records: string | null }];
      const [windows] = await db('rca_windows').where({ tenant_id: tenant }).select(db.raw('count(*)::int as total'), db.raw('count(*) filter (where analysed_at is null)::int as open')) as [{ total: number; open: number }];
      const done = Number(records) === accepted && windows.total > 0 && windows.open === 0 ? true : undefined;
      return { done, state: `records ${records ?? 0}/${accepted}, rca windows ${windows.total} (${windows.open} not analysed)` };
    }, { timeoutMs: 480_000, description: `the pipeline to settle for ${tenant}` });

    const live = await verify();
    const liveRows = await tenantRows();
    // Every table this test is about has rows of the tenant: the RCA findings and alerts too.
    for (const table of ['canonical_records', 'quality_checks', 'quality_issues', 'entities', 'kpis', 'rca_analyses', 'alerts']) {
      expect(live.tables[table]!.rows, `${table} rows of ${tenant}`).toBeGreaterThan(0);
    }

    for (const round of [1, 2]) {
      const out = await rivulet(inSchema, 'replay', 'rebuild', '--projection', projection, '--tenant', tenant);
      expect(out, `rebuild ${round}`).toMatch(new RegExp(`swapped in: tenant ${tenant}'s rows of \\d+ tables`));
      const rebuilt = await verify();
      const differing = Object.keys(live.tables).filter((t) => live.tables[t]!.checksum !== rebuilt.tables[t]!.checksum);
      expect(differing, `tables that differ after rebuild ${round}: ${JSON.stringify(rowDiff(liveRows, await tenantRows()), null, 1)}`).toEqual([]);
      expect(rebuilt).toEqual(live);
    }
  }, 1_500_000);
});
