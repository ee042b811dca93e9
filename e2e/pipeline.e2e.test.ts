import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '@rivulet/generator';
import { createAvroSerde } from '@rivulet/registry';
import { DLQ_HEADERS } from '@rivulet/runtime';
import { collectTopic, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
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
  kpis: { calls: { voiceDropped: number; voiceCount: number } };
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

  it('KPI facts add up to the generator truth (voice calls and dropped voice calls)', async () => {
    const summary = JSON.parse(readFileSync(join(dataDir, 'truth', 'summary.json'), 'utf8')) as Summary;
    // Every voice call counts once, except those the transform dead-lettered (the generator plants a few
    // unmappable values): they are read back from dlq.transform and must make up the difference exactly.
    const serde = createAvroSerde({ url: stackEnv(process.env).schemaRegistryUrl });
    const dlq = await collectTopic(testKafka(stackEnv(process.env).kafkaBrokers), 'dlq.transform');
    const deadVoice = async () => {
      const calls = [];
      for (const { message } of dlq.messages) {
        if (!message.key?.toString().startsWith(`${tenant}/`) || message.headers?.[DLQ_HEADERS.originTopic]?.toString() !== 'raw.cdr.call') continue;
        const call = (await serde.decode(message.value!)).value as { call_type: string; termination: string };
        if (call.call_type === 'VOICE') calls.push(call);
      }
      return calls;
    };
    const kpiSum = async (name: string) =>
      (await api.all<{ value: number }>(`/kpis?name=${name}&window=day&from=2000-01-01T00:00:00Z`)).reduce((s, r) => s + r.value, 0);
    const { counted, dead } = await waitFor(
      async () => {
        const [c, d] = [await kpiSum('call_count'), await deadVoice()];
        return c + d.length >= summary.kpis.calls.voiceCount ? { counted: c, dead: d } : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2_000, description: 'every voice call counted or dead-lettered' },
    );
    await dlq.stop();
    expect(counted + dead.length).toBe(summary.kpis.calls.voiceCount);
    const droppedDead = dead.filter((c) => c.termination === 'DROPPED').length;
    expect(await kpiSum('dropped_calls')).toBe(summary.kpis.calls.voiceDropped - droppedDead);
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
  });
});
