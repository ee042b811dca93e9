import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyId, hashApiKey } from '@rivulet/auth';
import { createDb } from '@rivulet/db';
import { writeDataset } from '@rivulet/generator';
import { createAvroSerde } from '@rivulet/registry';
import { DLQ_HEADERS } from '@rivulet/runtime';
import { collectTopic, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, newApiKey } from './support/api.js';
import { runGroups, startApps, startGroupsAtCatalogueEnd, stopApps, type RunningApp } from './support/platform.js';

// The whole pipeline on the real local stack: generator → gateway → raw → transform → quality → match →
// rca → projector → query API, checked against the generator's truth. Two fresh tenants ingest the same
// generated data (the same people, the same record ids) through one running platform: each must see
// exactly its own records, KPIs, issues and entities, and matching must never join the two (issue #14).
const tenant = uniqueName('e2e').replaceAll('-', '_');
const projection = `e2e_${tenant}`;
const key = newApiKey();
const tenantB = uniqueName('e2eb').replaceAll('-', '_');
const keyB = newApiKey();
const apps: RunningApp[] = [];
let dataDir: string;
let api: ReturnType<typeof apiClient>;
let apiB: ReturnType<typeof apiClient>;
let gatewayUrl: string;
const accepted: Record<string, number> = {};
const acceptedB: Record<string, number> = {};
const db = createDb({ url: stackEnv(process.env).databaseUrl, applicationName: 'rivulet-e2e', maxConnections: 2 });
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

interface Summary {
  counts: Record<string, number>;
  kpis: { calls: { voiceDropped: number; voiceCount: number } };
  entities: { persons: number; companies: number };
  partyRecords: number;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rivulet-e2e-'));
  await writeDataset({ records: 400, seed: 'e2e-pipeline', tenant }, dataDir);
  // The catalogue topics and the default consumer groups are shared with every other run on the same Kafka
  // (other checkouts, npm start): this run's apps use groups of their own, started at the topics' end, so
  // they read exactly what this test ingests and project it into this run's database.
  const groups = runGroups('e2e');
  await startGroupsAtCatalogueEnd(testKafka(stackEnv(process.env).kafkaBrokers), Object.values(groups));
  const common = {
    RIVULET_API_KEYS: `${key}:${tenant}:operator,${keyB}:${tenantB}:operator`, RIVULET_BOOTSTRAP_ADMIN_KEY: key, RIVULET_BOOTSTRAP_TENANT: tenant, PROJECTION_NAME: projection, ...groups,
  };
  await startApps(apps, ['transform', 'quality', 'match', 'rca', 'projector', 'api', 'gateway'], common);
  // Tenant B is provisioned as an operator would: its first key stored by hash (the bootstrap key is A's).
  await db('api_keys').insert({ id: apiKeyId(keyB), tenant_id: tenantB, name: 'e2e tenant B', key_hash: hashApiKey(keyB), role: 'viewer' });
  const apiUrl = `http://127.0.0.1:${apps.find((a) => a.name === 'api')!.port}`;
  api = apiClient(apiUrl, key);
  apiB = apiClient(apiUrl, keyB);
  gatewayUrl = `http://127.0.0.1:${apps.find((a) => a.name === 'gateway')!.port}`;
}, 600_000);

afterAll(async () => {
  await stopApps(apps);
  await db.destroy();
});

describe('whole pipeline', () => {
  it('both tenants ingest every source over HTTP (the same records); a retried request with the same idempotency key adds nothing', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    const eventIds: Record<string, Set<string>> = { [tenant]: new Set(), [tenantB]: new Set() };
    // The two tenants ingest at the same time, so their records interleave on every topic.
    await Promise.all(([[tenant, key, accepted], [tenantB, keyB, acceptedB]] as const).map(async ([t, k, counts]) => {
      for (const topic of Object.keys(summary.counts)) {
        const [, source, entity] = topic.split('.');
        const body = readFileSync(join(dataDir, `${topic}.ndjson`));
        const send = () =>
          fetch(`${gatewayUrl}/data/ingest?source=${source}&entity=${entity}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${k}`, 'content-type': 'application/x-ndjson', 'idempotency-key': `e2e-${topic}` },
            body,
          });
        const first = await send();
        expect([202, 422]).toContain(first.status);
        const answer = (await first.json()) as { accepted: number; rejected: number; eventIds?: string[] };
        counts[topic] = answer.accepted;
        for (const id of answer.eventIds ?? []) eventIds[t]!.add(id);
        const retry = (await (await send()).json()) as { accepted: number };
        expect(retry.accepted).toBe(answer.accepted);
      }
    }));
    expect(total(accepted)).toBeGreaterThan(summary.counts['raw.cdr.call']!);
    // Same records, same Idempotency-Keys, different tenants: both accepted in full, under different event ids.
    expect(acceptedB).toEqual(accepted);
    expect([...eventIds[tenant]!].filter((id) => eventIds[tenantB]!.has(id))).toEqual([]);
  }, 300_000);

  it('every accepted record is counted once in the read model of its source, per tenant (no loss, no duplicate, nothing of the other tenant)', async () => {
    for (const [client, counts] of [[api, accepted], [apiB, acceptedB]] as const) {
      const sources = await waitFor(
        async () => {
          const rows = await client.all<{ source_system: string; entity: string; record_count: number }>('/sources');
          const seen = rows.reduce((sum, r) => sum + r.record_count, 0);
          return seen >= total(counts) ? rows : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 2_000, description: `all ${total(counts)} accepted records in /sources` },
      );
      expect(sources.length).toBe(Object.values(counts).filter((n) => n > 0).length);
    }
    // Wait a little longer for a duplicate (or the other tenant's records) to show up, then check the counts are exact.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const [client, counts] of [[api, accepted], [apiB, acceptedB]] as const) {
      const again = await client.all<{ record_count: number }>('/sources');
      expect(again.reduce((sum, r) => sum + r.record_count, 0)).toBe(total(counts));
    }
  }, 300_000);

  it('each tenant\'s KPI facts add up to the generator truth (voice calls and dropped voice calls): neither sees the other\'s calls', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    // Every voice call counts once, except those the transform dead-lettered (the generator plants a few
    // unmappable values): they are read back from dlq.transform and must make up the difference exactly.
    const serde = createAvroSerde({ url: stackEnv(process.env).schemaRegistryUrl });
    const dlq = await collectTopic(testKafka(stackEnv(process.env).kafkaBrokers), 'dlq.transform');
    const deadVoice = async (t: string) => {
      const calls = [];
      for (const { message } of dlq.messages) {
        if (!message.key?.toString().startsWith(`${t}/`) || message.headers?.[DLQ_HEADERS.originTopic]?.toString() !== 'raw.cdr.call') continue;
        const call = (await serde.decode(message.value!)).value as { call_type: string; termination: string };
        if (call.call_type === 'VOICE') calls.push(call);
      }
      return calls;
    };
    try {
      for (const [t, client] of [[tenant, api], [tenantB, apiB]] as const) {
        const kpiSum = async (name: string) =>
          (await client.all<{ value: number }>(`/kpis?name=${name}&window=day&from=2000-01-01T00:00:00Z`)).reduce((s, r) => s + r.value, 0);
        const { counted, dead } = await waitFor(
          async () => {
            const [c, d] = [await kpiSum('call_count'), await deadVoice(t)];
            return c + d.length >= summary.kpis.calls.voiceCount ? { counted: c, dead: d } : undefined;
          },
          { timeoutMs: 180_000, intervalMs: 2_000, description: `every voice call of ${t} counted or dead-lettered` },
        );
        // Exact: a KPI row of the other tenant counted here would overshoot the truth.
        expect(counted + dead.length, t).toBe(summary.kpis.calls.voiceCount);
        const droppedDead = dead.filter((c) => c.termination === 'DROPPED').length;
        expect(await kpiSum('dropped_calls'), t).toBe(summary.kpis.calls.voiceDropped - droppedDead);
      }
    } finally {
      await dlq.stop();
    }
  }, 400_000);

  it('quality issues are raised for the planted defects, and entities resolve close to the truth, for each tenant apart', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    const trueEntities = summary.entities.persons + summary.entities.companies;
    const seen: Record<string, { issues: string[]; entities: string[] }> = {};
    for (const [t, client] of [[tenant, api], [tenantB, apiB]] as const) {
      const issues = await waitFor(async () => {
        const rows = await client.all<{ event_id: string }>('/quality/issues?from=2000-01-01T00:00:00Z');
        return rows.length > 0 ? rows : undefined;
      }, { timeoutMs: 120_000, intervalMs: 2_000, description: `quality issues of ${t}` });
      const entities = await waitFor(async () => {
        const rows = await client.all<{ entity_id: string }>('/entities');
        return rows.length >= trueEntities * 0.8 ? rows : undefined;
      }, { timeoutMs: 180_000, intervalMs: 2_000, description: `entities of ${t} resolved` });
      // Matching merges variants of one person; it never has more entities than one tenant's party records
      // (the other tenant's copies of the same people are not this tenant's to merge or to show).
      expect(entities.length, t).toBeLessThanOrEqual(summary.partyRecords);
      expect(entities.length, t).toBeGreaterThanOrEqual(Math.floor(trueEntities * 0.8));
      seen[t] = { issues: issues.map((i) => i.event_id), entities: entities.map((e) => e.entity_id) };
    }
    // What each key was shown is its own tenant's, row by row.
    for (const [t, table, column, ids] of [
      [tenant, 'quality_issues', 'event_id', seen[tenant]!.issues], [tenantB, 'quality_issues', 'event_id', seen[tenantB]!.issues],
      [tenant, 'entities', 'entity_id', seen[tenant]!.entities], [tenantB, 'entities', 'entity_id', seen[tenantB]!.entities],
    ] as const) {
      const owners = await db(table).whereIn(column, ids).distinct('tenant_id').pluck('tenant_id');
      expect(owners, `${table} shown to ${t}`).toEqual([t]);
    }
  }, 420_000);

  it('no entity has members of both tenants: every member record belongs to its entity\'s tenant, and the other tenant\'s key cannot open either', async () => {
    // Members and canonical records come from different topics; wait until every member's record is projected.
    const members = await waitFor(async () => {
      const rows = await db('entity_members as m')
        .leftJoin('canonical_records as c', function () {
          this.on('c.event_id', '=', 'm.record_event_id').orOn('c.source_event_id', '=', 'm.record_event_id');
        })
        .whereIn('m.tenant_id', [tenant, tenantB])
        .select('m.tenant_id as entity_tenant', 'm.entity_id', 'm.record_event_id', 'c.tenant_id as record_tenant');
      return rows.length > 0 && rows.every((m) => m.record_tenant !== null) ? rows : undefined;
    }, { timeoutMs: 60_000, intervalMs: 2_000, description: 'every entity member joined to its projected canonical record' });
    expect(new Set(members.map((m) => m.entity_tenant))).toEqual(new Set([tenant, tenantB]));
    expect(members.filter((m) => m.record_tenant !== m.entity_tenant)).toEqual([]);
    const mixed = await db('entity_members').whereIn('tenant_id', [tenant, tenantB]).groupBy('entity_id').havingRaw('count(distinct tenant_id) > 1').select('entity_id');
    expect(mixed).toEqual([]);

    // Through the API: one entity of A with its members; B's key gets 404 for the entity and its records.
    const { items: [one] } = await api.get<{ items: { entity_id: string }[] }>('/entities?limit=1');
    const detail = await api.get<{ members: { record_event_id: string }[] }>(`/entities/${one!.entity_id}`);
    expect(detail.members.length).toBeGreaterThan(0);
    const asB = (path: string) => fetch(`http://127.0.0.1:${apps.find((a) => a.name === 'api')!.port}${path}`, { headers: { authorization: `Bearer ${keyB}` } });
    expect((await asB(`/entities/${one!.entity_id}`)).status).toBe(404);
    for (const m of detail.members) {
      expect((await api.get<{ event_id: string }>(`/records/${m.record_event_id}/lineage`)).event_id).toBe(m.record_event_id);
      expect((await asB(`/records/${m.record_event_id}/lineage`)).status).toBe(404);
    }
    // Each refusal is in B's audit log as a cross-tenant attempt.
    const denied = await db('audit_log').where({ tenant_id: tenantB, action: 'access.denied' }).select('target', 'detail');
    expect(denied.map((d) => d.target)).toContain(`entity:${one!.entity_id}`);
    expect(denied.every((d) => d.detail.cross_tenant === true)).toBe(true);
  });
});

describe('one record, one trace', () => {
  it('the trace of a record ingested over HTTP spans gateway → transform → quality → match → projector in Jaeger', async () => {
    const jaeger = process.env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686';
    const customer = {
      customer_id: `TRACE-${tenant}`,
      first_name: 'Trace',
      last_name: 'Probe',
      email: 'trace.probe@example.org',
      phone: '+44 20 7946 0001',
      status: 'ACTIVE',
      region: 'NORTH',
      created_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T10:00:00.000Z',
    };
    const res = await fetch(`${gatewayUrl}/data/ingest?source=crm&entity=customer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify([customer]),
    });
    expect(res.status).toBe(202);
    const answer = (await res.json()) as { event_ids?: string[]; eventIds?: string[]; accepted: number };
    const eventId = (answer.event_ids ?? answer.eventIds)![0]!;

    // The read model keeps the trace id of the record; the lineage endpoint returns it.
    const lineage = await waitFor(
      async () => {
        const l = await api.get<{ trace_id: string | null; entities: unknown[]; quality: { checks: unknown[] } }>(`/records/${eventId}/lineage`).catch(() => undefined);
        return l?.trace_id && l.entities.length > 0 && l.quality.checks.length > 0 ? l : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000, description: 'lineage with trace id, quality check and entity' },
    );
    const traceId = lineage.trace_id!;

    interface JaegerSpan { spanID: string; operationName: string; processID: string; references: { refType: string; spanID: string }[]; tags: { key: string; value: unknown }[] }
    interface JaegerTrace { spans: JaegerSpan[]; processes: Record<string, { serviceName: string }> }
    const trace = await waitFor(
      async () => {
        const r = await fetch(`${jaeger}/api/traces/${traceId}`);
        if (!r.ok) return undefined;
        const body = (await r.json()) as { data: JaegerTrace[] };
        const t = body.data[0];
        const services = new Set(Object.values(t?.processes ?? {}).map((p) => p.serviceName));
        return ['rivulet-gateway', 'rivulet-transform', 'rivulet-quality', 'rivulet-match', 'rivulet-projector'].every((s) => services.has(s)) ? t : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: `trace ${traceId} with every step's spans in Jaeger` },
    );
    const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
    const service = (s: JaegerSpan) => trace.processes[s.processID]!.serviceName;
    // Exactly one root (the gateway's producer span); every other span has its parent in the same trace.
    const roots = trace.spans.filter((s) => s.references.length === 0);
    expect(roots.map(service)).toEqual(['rivulet-gateway']);
    for (const span of trace.spans.filter((s) => s.references.length > 0)) {
      expect(byId.has(span.references[0]!.spanID), `${service(span)} ${span.operationName} has its parent in the trace`).toBe(true);
    }
    // Each processing step consumed what the step before it produced: a CONSUMER span whose parent is a
    // PRODUCER span of the upstream service.
    const consumerOf = (svc: string, topicPrefix: string) =>
      trace.spans.find((s) => service(s) === svc && s.tags.some((t) => t.key === 'span.kind' && t.value === 'consumer') &&
        s.tags.some((t) => t.key === 'messaging.destination.name' && String(t.value).startsWith(topicPrefix)));
    for (const [svc, topic] of [['rivulet-transform', 'raw.crm.customer'], ['rivulet-quality', 'canonical.party'], ['rivulet-match', 'canonical.party']] as const) {
      const span = consumerOf(svc, topic);
      expect(span, `${svc} consumed ${topic}`).toBeDefined();
      const parent = byId.get(span!.references[0]!.spanID)!;
      expect(parent.tags.some((t) => t.key === 'span.kind' && t.value === 'producer'), `${svc}'s parent is a producer span`).toBe(true);
    }
    // No personal value travels in span attributes.
    expect(JSON.stringify(trace)).not.toContain('trace.probe@example.org');
  }, 240_000);
});

