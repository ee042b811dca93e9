import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Kafka } from 'kafkajs';
import { TOPIC_DEFINITIONS } from '@rivulet/contracts';
import { partitionsWithRecordsFrom, startGroupAtEnd, uniqueName } from '@rivulet/testkit';
import { peakRss, startApp, stopApps, type BenchApp } from './apps.js';
import { byTopic, createIngest, generated, take } from './ingest.js';
import { checkpointPosition, endOffsets, groupPosition, lastRecordEnds, nearlyReached, reached, withFloor } from './drain.js';
import { endToEndLatencies, tenantCounts, waitForQuiet } from './readModel.js';
import type { BenchResult } from './result.js';
import { rate, summarize } from './stats.js';

/** Started last-to-first so that nothing flows before every later stage is up. */
const APPS = ['projector', 'match', 'quality', 'transform'];

export interface PipelineOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  kafka: Kafka;
  db: Knex;
  registryUrl: string;
  masterKey: string;
  records: number;
  offeredPerSec: number;
  latencySeconds: number;
  logDir: string;
  cpuProfDir?: string;
  timeoutMs: number;
  /** Apps to run (default all four; `transform,projector` measures the first stage alone). */
  apps?: string[];
  /** Extra environment for the apps (e.g. TRANSFORM_CONCURRENCY=1 for a before/after figure). */
  appEnv?: Record<string, string>;
}

/**
 * (c) and (d): the apps run on fresh consumer groups placed at the end of every catalogue topic (the shared
 * topics' history is not replayed). Throughput: a backlog of `records` generated raw records for a fresh
 * tenant is ingested first, then the apps start; the rate counts from transform being healthy to the
 * tenant's last read-model commit. Latency: with the apps caught up, a second tenant's records are ingested
 * at `offeredPerSec` for `latencySeconds`, and each record's ingest → read-model time is read back from
 * PostgreSQL. Peak RSS of every app is read from /proc before they stop.
 */
export async function pipelineBench(o: PipelineOptions): Promise<Pick<BenchResult, 'pipeline' | 'latency' | 'rssBytes'>> {
  const run = uniqueName('bench').replaceAll('-', '_');
  const groups = { transform: `${run}.transform`, quality: `${run}.quality`, match: `${run}.match`, projector: `${run}.projector` };
  const catalogue = TOPIC_DEFINITIONS.map((d) => d.name);
  const placed = await startGroupsAtEnd(o.kafka, {
    [groups.transform]: catalogue.filter((t) => t.startsWith('raw.')),
    [groups.quality]: catalogue.filter((t) => t.startsWith('canonical.')),
  });
  // Match and the projector keep their positions in PostgreSQL checkpoints, which win over group offsets.
  await advanceCheckpoint(o.db, 'match', await endOffsetsOf(o.kafka, ['canonical.party']));
  const projectorEnds = await endOffsetsOf(o.kafka, catalogue.filter((t) => !t.startsWith('dlq.')));
  await advanceCheckpoint(o.db, run.replaceAll('_', '-'), projectorEnds);
  for (const [topic, partitions] of projectorEnds) placed.set(topic, partitions);
  console.log('bench: fresh consumer groups placed at the end of their topics');

  // Backlog for the throughput run.
  const tenant = `${run}_tp`;
  const ingest = await createIngest(o.kafka, o.db, { registryUrl: o.registryUrl, masterKey: o.masterKey, tenant });
  const source = generated(o.records, `${run}-throughput`);
  const ingestStart = performance.now();
  let accepted = 0;
  for (;;) {
    const slice = take(source, 4_000);
    if (slice.length === 0) break;
    const counts = await Promise.all([...byTopic(slice)].map(([topic, list]) => ingest.send(topic, list)));
    accepted += counts.reduce((a, b) => a + b, 0);
  }
  const ingestMs = performance.now() - ingestStart;
  await ingest.close();
  console.log(`bench: pipeline backlog of ${accepted} raw records ingested at ${rate(accepted, ingestMs).toFixed(0)} records/s`);

  const env = {
    ...o.env,
    RIVULET_MASTER_KEY: o.masterKey,
    LOG_LEVEL: 'warn',
    TRANSFORM_GROUP_ID: groups.transform,
    QUALITY_GROUP_ID: groups.quality,
    MATCH_GROUP_ID: groups.match,
    PROJECTION_NAME: run.replaceAll('_', '-'),
    PROJECTOR_GROUP_ID: groups.projector,
    ...o.appEnv,
  };
  const names = APPS.filter((a) => !o.apps || o.apps.includes(a));
  const withQuality = names.includes('quality');
  const apps: BenchApp[] = [];
  try {
    let startedAt = 0;
    for (const name of names) {
      apps.push(await startApp(o.root, name, env, o.logDir, o.cpuProfDir));
      startedAt = Date.now();
    }
    console.log(`bench: apps healthy at ${new Date(startedAt).toISOString()}`);
    const drainedAt = await waitForDrain(o, names, groups, env.PROJECTION_NAME, placed);
    const counts = await tenantCounts(o.db, tenant);
    const seconds = (drainedAt - startedAt) / 1000;
    const pipeline = { records: accepted, ingestRecordsPerSec: rate(accepted, ingestMs), ...counts, seconds, recordsPerSec: accepted / seconds };
    console.log(`\nbench: pipeline ${pipeline.recordsPerSec.toFixed(0)} records/s over ${seconds.toFixed(1)} s`);

    const latency = o.latencySeconds > 0 && withQuality ? await offeredLoad(o, `${run}_lat`) : undefined;
    return { pipeline, ...(latency ? { latency } : {}), rssBytes: peakRss(apps) };
  } finally {
    await stopApps(apps);
  }
}

async function offeredLoad(o: PipelineOptions, tenant: string): Promise<NonNullable<BenchResult['latency']>> {
  const ingest = await createIngest(o.kafka, o.db, { registryUrl: o.registryUrl, masterKey: o.masterKey, tenant });
  const total = Math.round(o.offeredPerSec * o.latencySeconds);
  const source = generated(total, `${tenant}-latency`);
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((o.offeredPerSec * tickMs) / 1000));
  const inFlight = new Set<Promise<unknown>>();
  let sent = 0;
  const started = performance.now();
  // Open loop: a tick's records are sent on schedule whether or not earlier ones were acknowledged.
  for (let tick = 0; sent < total; tick++) {
    const wait = started + tick * tickMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const slice = take(source, Math.min(perTick, total - sent));
    if (slice.length === 0) break;
    sent += slice.length;
    for (const [topic, list] of byTopic(slice)) {
      const p = ingest.send(topic, list).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }
  await Promise.all(inFlight);
  const offeredMs = performance.now() - started;
  await ingest.close();
  await waitForQuiet(o.db, tenant, {
    timeoutMs: o.timeoutMs,
    onPoll: (c) => process.stdout.write(`\rbench: latency ${tenant}: canonical ${c.canonical}, quality ${c.qualityChecks}, decisions ${c.decisions}   `),
  });
  const latencies = await endToEndLatencies(o.db, tenant);
  console.log('');
  return { offeredPerSec: o.offeredPerSec, achievedPerSec: rate(sent, offeredMs), seconds: offeredMs / 1000, records: sent, measured: latencies.length, e2eMs: summarize(latencies) };
}

/**
 * Waits until every app has consumed everything that was in its input topics once the stage before it had
 * finished: transform up to the raw topics' ends after the backlog, then quality and match up to the
 * canonical topics' ends, then the projector up to every topic's end. Positions are the apps' own: Kafka
 * group offsets (transform, quality), PostgreSQL checkpoints (match, projector). Returns when (epoch ms).
 */
async function waitForDrain(o: PipelineOptions, names: string[], groups: Record<'transform' | 'quality' | 'match' | 'projector', string>, projection: string, placed: Map<string, Map<number, bigint>>): Promise<number> {
  const admin = o.kafka.admin();
  await admin.connect();
  const deadline = Date.now() + o.timeoutMs;
  const catalogue = TOPIC_DEFINITIONS.map((d) => d.name);
  const until = async (label: string, position: () => Promise<Parameters<typeof reached>[0]>, ends: Parameters<typeof reached>[1]) => {
    let probedAt = 0;
    for (;;) {
      const at = await position();
      if (reached(at, ends)) return;
      // A partition whose tail is an aborted transaction or several markers never lets a position reach
      // "end - 1": when only such a gap is left, ask a read_committed consumer whether any record is left.
      const near = nearlyReached(at, ends, 3n);
      if (near && Date.now() - probedAt > 10_000) {
        probedAt = Date.now();
        if ((await partitionsWithRecordsFrom(o.kafka, near)).size === 0) return;
      }
      if (Date.now() > deadline) throw new Error(`${label} did not catch up within ${o.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  try {
    const raw = catalogue.filter((t) => t.startsWith('raw.'));
    const canonical = catalogue.filter((t) => t.startsWith('canonical.'));
    const projected = catalogue.filter((t) => !t.startsWith('dlq.'));
    if (names.includes('transform')) await until('transform', () => groupPosition(admin, groups.transform, raw), await endOffsets(admin, raw));
    console.log(`bench: transform drained at ${new Date().toISOString()}`);
    // Canonical and derived topics are written in transactions (a commit marker closes each): see lastRecordEnds.
    const canonicalEnds = lastRecordEnds(await endOffsets(admin, canonical), placed);
    if (names.includes('quality')) await until('quality', () => groupPosition(admin, groups.quality, canonical), canonicalEnds);
    if (names.includes('match')) await until('match', async () => withFloor(await checkpointPosition(o.db, 'match'), placed), new Map([['canonical.party', canonicalEnds.get('canonical.party')!]]));
    console.log(`bench: quality and match drained at ${new Date().toISOString()}`);
    const projectedEnds = lastRecordEnds(await endOffsets(admin, projected.filter((t) => !t.startsWith('raw.'))), placed);
    for (const [topic, ends] of await endOffsets(admin, projected.filter((t) => t.startsWith('raw.')))) projectedEnds.set(topic, ends);
    if (names.includes('projector')) await until('projector', async () => withFloor(await checkpointPosition(o.db, projection), placed), projectedEnds);
    return Date.now();
  } finally {
    await admin.disconnect();
  }
}

/** Places each group at the current end of its topics (groups in parallel); where each partition was placed. */
async function startGroupsAtEnd(kafka: Kafka, topicsByGroup: Record<string, string[]>): Promise<Map<string, Map<number, bigint>>> {
  const placed = await Promise.all(Object.entries(topicsByGroup).map(([groupId, topics]) => startGroupAtEnd(kafka, groupId, topics)));
  return new Map(placed.flatMap((byTopic) => [...byTopic]));
}

async function endOffsetsOf(kafka: Kafka, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await endOffsets(admin, topics);
  } finally {
    await admin.disconnect();
  }
}


/**
 * Moves a PostgreSQL checkpoint (match's `match`, the projector's PROJECTION_NAME) to the given offsets,
 * only ever forward, so the app starts where the bench's fresh groups do instead of replaying the shared
 * topics. The match checkpoint is the live match app's: do not run the bench on a database whose match app
 * is running.
 */
async function advanceCheckpoint(db: Knex, projection: string, ends: Map<string, Map<number, bigint>>): Promise<void> {
  for (const [topic, partitions] of ends) {
    for (const [partition, offset] of partitions) {
      await db.raw(
        `insert into projection_checkpoints (projection, topic, partition, next_offset) values (?, ?, ?, ?)
         on conflict (projection, topic, partition) do update set next_offset = greatest(projection_checkpoints.next_offset, excluded.next_offset)`,
        [projection, topic, partition, offset.toString()],
      );
    }
  }
}

export const profileDir = (root: string, run: string) => join(root, '.local', 'bench', 'profiles', run);
