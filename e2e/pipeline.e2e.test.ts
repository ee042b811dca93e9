import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '@rivulet/generator';
import { uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, newApiKey } from './support/api.js';
import { startApp, stopApps, type RunningApp } from './support/platform.js';

// The whole pipeline on the real local stack: generator → gateway → raw → transform → quality → match →
// rca → projector → query API, for one fresh tenant, checked against the generator's truth.
const tenant = uniqueName('e2e').replaceAll('-', '_');
const key = newApiKey();
const apps: RunningApp[] = [];
let dataDir: string;
let api: ReturnType<typeof apiClient>;
let gatewayUrl: string;
const accepted: Record<string, number> = {};

interface Summary {
  counts: Record<string, number>;
  kpis: { calls: { dropped: number; byTermination: Record<string, number> } };
  entities: { persons: number; companies: number };
  partyRecords: number;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rivulet-e2e-'));
  await writeDataset({ records: 400, seed: 'e2e-pipeline', tenant }, dataDir);
  const common = { RIVULET_API_KEYS: `${key}:${tenant}:operator`, RIVULET_BOOTSTRAP_ADMIN_KEY: key, RIVULET_BOOTSTRAP_TENANT: tenant };
  for (const name of ['transform', 'quality', 'match', 'rca', 'projector', 'api', 'gateway']) apps.push(await startApp(name, common));
  api = apiClient(`http://127.0.0.1:${apps.find((a) => a.name === 'api')!.port}`, key);
  gatewayUrl = `http://127.0.0.1:${apps.find((a) => a.name === 'gateway')!.port}`;
}, 600_000);

afterAll(async () => {
  await stopApps(apps);
});

describe('whole pipeline', () => {
  it('ingests every source over HTTP; a retried request with the same idempotency key adds nothing', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    for (const topic of Object.keys(summary.counts)) {
      const [, source, entity] = topic.split('.');
      const body = readFileSync(join(dataDir, `${topic}.ndjson`));
      const send = () =>
        fetch(`${gatewayUrl}/data/ingest?source=${source}&entity=${entity}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', 'idempotency-key': `e2e-${tenant}-${topic}` },
          body,
        });
      const first = await send();
      expect([202, 422]).toContain(first.status);
      const answer = (await first.json()) as { accepted: number; rejected: number };
      accepted[topic] = answer.accepted;
      const retry = (await (await send()).json()) as { accepted: number };
      expect(retry.accepted).toBe(answer.accepted);
    }
    const total = Object.values(accepted).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(summary.counts['raw.cdr.call']!);
  });

  it('every accepted record is counted once in the read model of its source (no loss, no duplicate from the retry)', async () => {
    const total = Object.values(accepted).reduce((a, b) => a + b, 0);
    const sources = await waitFor(
      async () => {
        const rows = await api.all<{ source_system: string; entity: string; record_count: number }>('/sources');
        const seen = rows.reduce((sum, r) => sum + r.record_count, 0);
        return seen >= total ? rows : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 2_000, description: `all ${total} accepted records in /sources` },
    );
    // Wait a little longer for a duplicate to show up, then check the count is exact.
    await new Promise((r) => setTimeout(r, 3_000));
    const again = await api.all<{ record_count: number }>('/sources');
    expect(again.reduce((sum, r) => sum + r.record_count, 0)).toBe(total);
    expect(sources.length).toBe(Object.values(accepted).filter((n) => n > 0).length);
  });

  it('KPI facts add up to the generator truth (dropped calls)', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    const dropped = await waitFor(
      async () => {
        const rows = await api.all<{ value: number }>('/kpis?name=dropped_calls&window=day&from=2000-01-01T00:00:00Z');
        const sum = rows.reduce((s, r) => s + r.value, 0);
        return sum >= summary.kpis.calls.dropped ? sum : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000, description: 'dropped_calls KPI to reach the truth' },
    );
    expect(dropped).toBe(summary.kpis.calls.dropped);
  });

  it('quality issues are raised for the planted defects, and entities resolve close to the truth', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    const issues = await waitFor(async () => {
      const rows = await api.all<{ field: string }>('/quality/issues?from=2000-01-01T00:00:00Z');
      return rows.length > 0 ? rows : undefined;
    }, { timeoutMs: 120_000, intervalMs: 2_000, description: 'quality issues' });
    expect(issues.length).toBeGreaterThan(0);

    const trueEntities = summary.entities.persons + summary.entities.companies;
    const entities = await waitFor(async () => {
      const rows = await api.all<{ entity_id: string }>('/entities');
      return rows.length >= trueEntities * 0.8 ? rows : undefined;
    }, { timeoutMs: 180_000, intervalMs: 2_000, description: 'entities resolved' });
    // Matching merges variants of one person; it never has more entities than party records.
    expect(entities.length).toBeLessThanOrEqual(summary.partyRecords);
    expect(entities.length).toBeGreaterThanOrEqual(Math.floor(trueEntities * 0.8));
  });
});
