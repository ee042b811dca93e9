// Latency of the query API over a seeded read model: `npx tsx --conditions=source apps/api/scripts/bench.ts`.
// Seeds one tenant (and a noise tenant) in a throwaway schema, serves createServer on a loopback port and
// times sequential requests. Prints p50/p95 per endpoint.
import type { AddressInfo } from 'node:net';
import { generateApiKey } from '@rivulet/auth';
import { createDb, migrateLatest } from '@rivulet/db';
import { createLogger } from '@rivulet/runtime';
import { stackEnv, uniqueName } from '@rivulet/testkit';
import { loadMappings } from '@rivulet/transform';
import { createServer } from '../src/createServer.js';

const env = stackEnv(process.env);
const schema = uniqueName('apibench').replaceAll('-', '_');
const owner = createDb({ url: env.databaseUrl, maxConnections: 1 });
await migrateLatest(owner, { schemaName: schema });
await owner.destroy();
const db = createDb({ url: env.databaseUrl, searchPath: [schema, 'public'], maxConnections: 10 });
const QC = Number(process.env.BENCH_QUALITY_ROWS ?? 200_000);
const HOURS = Number(process.env.BENCH_HOURS ?? 24 * 60);
try {
  const key = generateApiKey();
  await db('api_keys').insert({ id: key.keyId, tenant_id: 't-bench', name: 'bench', key_hash: key.hash, role: 'viewer' });
  const t0 = performance.now();
  for (const tenant of ['t-bench', 't-noise']) {
    await db.raw(
      `insert into kpis (tenant_id, kpi, window_size, window_start, region, segment, source_system, unit, value, count)
       select ?, k, 'hour', timestamptz '2026-09-01' + make_interval(hours => h), r, s, 'billing', 'GBP_minor', (h * 7 + length(r)) % 1000, 1
       from generate_series(0, ? - 1) h, unnest(array['revenue_invoiced','overdue_amount','revenue_paid']) k,
            unnest(array['NORTH','SOUTH','EAST','WEST']) r, unnest(array['SMB','CONSUMER','ENTERPRISE']) s`,
      [tenant, HOURS],
    );
    await db.raw(
      `insert into quality_checks (event_id, tenant_id, record_event_id, source_system, record_entity, record_id, record_topic, record_partition, record_offset, entity, score, status, checks_evaluated, failed_checks, event_time)
       select ? || '-qc-' || i, ?, 'raw-' || i, (array['billing','crm','erp','cdr'])[1 + i % 4], 'invoice', 'INV-' || i, 'raw.billing.invoice', i % 3, i, 'invoice',
              case when i % 17 = 0 then 0.5 else 1 end, case when i % 17 = 0 then 'FAILED' else 'PASSED' end, 5, '[]', timestamptz '2026-09-01' + make_interval(secs => i * 20)
       from generate_series(1, ?) i`,
      [tenant, tenant, QC],
    );
  }
  await db.raw('analyze');
  console.log(`seeded ${3 * 4 * 3 * HOURS} kpi rows and ${QC} quality_checks per tenant, 2 tenants, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { app } = createServer({ db, logger: createLogger('bench', 'silent'), mappings: loadMappings(), freshnessTtlMs: 3_000 });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { 'X-API-Key': key.key };

  async function time(name: string, n: number, path: (i: number) => string | Promise<string>) {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = await path(i);
      const s = performance.now();
      const res = await fetch(base + p, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    const q = (x: number) => samples[Math.min(samples.length - 1, Math.floor(x * samples.length))]!.toFixed(1);
    console.log(`${name.padEnd(48)} n=${n} p50=${q(0.5)} ms p95=${q(0.95)} ms`);
  }

  await time('GET /openapi.json (no auth, no database)', 200, () => '/openapi.json');
  await time('GET /sources (auth + scoped transaction, ~0 rows)', 200, () => '/sources');
  await time('GET /kpis?limit=100 (first page)', 200, () => '/kpis?limit=100');
  await time('GET /kpis?name&region&from&to', 200, () => '/kpis?name=revenue_invoiced&region=NORTH&from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z&limit=500');
  let cursor: string | null = null;
  await time('GET /quality/checks?limit=500 (walking cursors)', 100, async () => {
    const p = `/quality/checks?limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(base + p, { headers });
    cursor = ((await res.json()) as { next_cursor: string | null }).next_cursor;
    return p;
  });
  await time('GET /dashboard/data (uncached: distinct to)', 30, (i) => `/dashboard/data?window=hour&from=2026-09-01T00:00:00Z&to=2026-10-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z&_=${i}`);
  await time('GET /dashboard/data (cached)', 200, () => '/dashboard/data?window=hour&from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z');
  await time('GET /entities?search=acme', 100, () => '/entities?search=acme');
  server.close();
} finally {
  await db.raw('drop schema if exists ?? cascade', [schema]);
  await db.destroy();
}
