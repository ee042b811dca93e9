/**
 * Projection throughput on the local stack: N events (40% canonical invoices, 30% KPI facts, 20% quality
 * issues, 10% raw customers) on random 6-partition topics, projected into a fresh schema from offset zero.
 * Run: npx tsx --conditions=source libs/projections/bench/throughput.ts [N]
 */
import { formatKey, schemaForEvent, type EventName } from '@rivulet/contracts';
import { createDb, createKnexCheckpointStore, migrateLatest } from '@rivulet/db';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createProjector } from '@rivulet/runtime';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { createReadModelProjection, readModelChecksum } from '../src/index.js';
import { canonicalInvoice, crmCustomer, kpiFact, qualityIssue, T0 } from '../src/testing/events.js';

const total = Number(process.argv[2] ?? 20_000);
const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const prefix = uniqueName('bench');
const schemaName = prefix.replaceAll('-', '_');
const db = createDb({ url: env.databaseUrl, searchPath: [schemaName], maxConnections: 6 });
const tenant = 'bench';

const kinds: { kind: string; event: EventName; share: number; build: (i: number) => object }[] = [
  { kind: 'canonical', event: 'CanonicalInvoiceRecorded', share: 0.4, build: (i) => ({ ...canonicalInvoice({ tenant_id: tenant, event_id: `inv-${i}` }), invoice_id: `INV-${i}` }) },
  { kind: 'kpi', event: 'KpiFactRecorded', share: 0.3, build: (i) => kpiFact(i % 1000, { occurred_at: T0 + (i % 48) * 3_600_000 }, { tenant_id: tenant, event_id: `f-${i}` }) },
  { kind: 'issues', event: 'QualityIssueDetected', share: 0.2, build: (i) => qualityIssue({ tenant_id: tenant, event_id: `q-${i}` }) },
  { kind: 'raw', event: 'CrmCustomerRecordReceived', share: 0.1, build: (i) => crmCustomer({ tenant_id: tenant, event_id: `c-${i}` }) },
];
const topic = (kind: string) => `${prefix}.${kind}`;
const projection = createReadModelProjection({ topicEvents: Object.fromEntries(kinds.map((k) => [topic(k.kind), k.event])) });

await migrateLatest(db, { schemaName });
await createTopics(kafka, kinds.map((k) => topic(k.kind)), 6);
const producer = kafka.producer();
await producer.connect();
let produced = 0;
for (const k of kinds) {
  await serde.register(`${topic(k.kind)}-value`, schemaForEvent(k.event).schema);
  const count = Math.round(total * k.share);
  for (let start = 0; start < count; start += 1_000) {
    const messages = await Promise.all(
      Array.from({ length: Math.min(1_000, count - start) }, async (_, j) => ({ key: formatKey(tenant, `${k.kind}-${start + j}`), value: await serde.encode(`${topic(k.kind)}-value`, k.build(start + j)) })),
    );
    await producer.send({ topic: topic(k.kind), messages });
    produced += messages.length;
  }
}
await producer.disconnect();

const logger = createLogger('bench', 'warn');
let projectMs = 0;
let batches = 0;
const projector = createProjector({
  app: 'bench', kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'bench' }, logger), codec: serde, topics: projection.topics, logger,
  groupId: prefix, store: createKnexCheckpointStore(db, 'bench'),
  project: async (tx, events) => {
    const t = performance.now();
    await projection.project(tx, events);
    projectMs += performance.now() - t;
    batches += 1;
  },
});
const started = performance.now();
await projector.start();
// Joining the group takes seconds; the steady rate counts from the first committed batch.
let firstCommit = 0;
await waitFor(async () => {
  const [row] = await db('projection_checkpoints').sum<{ sum: string | null }[]>('next_offset as sum');
  firstCommit = performance.now();
  return Number(row?.sum ?? 0) > 0;
}, { timeoutMs: 60_000, intervalMs: 20, description: 'first batch' });
const firstApplied = Number((await db('projection_checkpoints').sum<{ sum: string }[]>('next_offset as sum'))[0]?.sum ?? 0);
await waitFor(
  async () => Number((await db('projection_checkpoints').sum<{ sum: string }[]>('next_offset as sum'))[0]?.sum ?? 0) === produced,
  { timeoutMs: 600_000, intervalMs: 100, description: 'all events projected' },
);
const seconds = (performance.now() - started) / 1000;
const steadySeconds = (performance.now() - firstCommit) / 1000;
await projector.stop();
const checksumStart = performance.now();
const checksum = await readModelChecksum(db);
const checksumSeconds = (performance.now() - checksumStart) / 1000;
console.log(JSON.stringify({
  events: produced, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(produced / seconds),
  steadyEventsPerSecond: Math.round((produced - firstApplied) / steadySeconds),
  rows: Object.fromEntries(Object.entries(checksum.tables).filter(([, t]) => t.rows > 0).map(([name, t]) => [name, t.rows])),
  checksumSeconds: Number(checksumSeconds.toFixed(2)),
  batches, projectSeconds: Number((projectMs / 1000).toFixed(2)),
}));
await db.raw('drop schema if exists ?? cascade', [schemaName]);
await db.destroy();
const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: kinds.map((k) => topic(k.kind)) });
await admin.disconnect();
