import { Partitioners, type Admin, type Kafka, type KafkaMessage, type Message } from 'kafkajs';
import { checkedSendBatch, createPartitionCounts, type Logger } from '@rivulet/runtime';
import type { CopyState, CopyStateStore } from './copyState.js';
import { copyJobId, copyTotals, planCopy } from './planCopy.js';
import { createProgressMeter, type ReplayProgress } from './progressMeter.js';

export interface CopyOptions {
  from: string;
  to: string;
  fromTime?: number;
  toTime?: number;
  /** Defaults to `copyJobId(...)`: the same command resumes the same job. */
  jobId?: string;
  dryRun?: boolean;
  /** Stop (cleanly, committed) after about this many records; the next run resumes. Tests use it to interrupt. */
  maxRecords?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReplayProgress) => void;
}

export interface CopyDeps {
  kafka: Kafka;
  store: CopyStateStore;
  logger: Logger;
  now?: () => number;
}

export interface CopyResult {
  state: CopyState;
  /** Records copied by this run. */
  copied: number;
  finished: boolean;
  dryRun: boolean;
}

/**
 * Re-publishes `[fromTime, toTime)` of a topic into another one, keeping key, value, headers and the record
 * timestamp, in order per partition. Each fetched batch is produced and its source offsets committed (to the
 * job's own consumer group) in ONE Kafka transaction: after an interruption, the next run starts exactly
 * after the last committed batch, so nothing is copied twice or skipped (readers use read_committed).
 */
export async function copyTopicRange(deps: CopyDeps, options: CopyOptions): Promise<CopyResult> {
  const now = deps.now ?? Date.now;
  const jobId = options.jobId ?? copyJobId(options);
  const groupId = `rivulet.replay.${jobId}`;
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    let state = (await deps.store.load(jobId)) ?? (await newState(admin, jobId, options, now));
    if (state.from !== options.from || state.to !== options.to) {
      throw new Error(`job ${jobId} copies ${state.from} → ${state.to}, not ${options.from} → ${options.to}`);
    }
    if (options.dryRun || state.status === 'done') return { state, copied: 0, finished: state.status === 'done', dryRun: options.dryRun === true };
    await deps.store.save(state);
    state = await alignWithCommitted(admin, groupId, state);
    if (copyTotals(state).remaining <= 0) return { state: await finish(deps.store, state, now, admin, groupId), copied: 0, finished: true, dryRun: false };
    return await runCopy(deps, options, state, groupId, admin, now);
  } finally {
    await admin.disconnect();
  }
}

async function newState(admin: Admin, jobId: string, options: CopyOptions, now: () => number): Promise<CopyState> {
  const [source, target] = await Promise.all([admin.fetchTopicOffsets(options.from), admin.fetchTopicOffsets(options.to)]);
  const at = (ts: number | undefined, side: 'low' | 'high') =>
    ts === undefined
      ? Promise.resolve(new Map(source.map((o) => [o.partition, o[side]])))
      : admin.fetchTopicOffsetsByTimestamp(options.from, ts).then((list) => new Map(list.map((o) => [o.partition, o.offset])));
  const [start, end] = await Promise.all([at(options.fromTime, 'low'), at(options.toTime, 'high')]);
  return planCopy({
    jobId, from: options.from, to: options.to, sourcePartitions: source.length, targetPartitions: target.length, start, end, now: new Date(now()),
    ...(options.fromTime !== undefined ? { fromTime: options.fromTime } : {}),
    ...(options.toTime !== undefined ? { toTime: options.toTime } : {}),
  });
}

/**
 * The committed offsets of the job's group are the truth (written in the same transactions as the copies);
 * the state file may lag one batch behind them after a crash. Partitions never committed start at `start`.
 */
async function alignWithCommitted(admin: Admin, groupId: string, state: CopyState): Promise<CopyState> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [state.from] });
  const byPartition = new Map((committed?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, p.offset]));
  const missing: { partition: number; offset: string }[] = [];
  for (const [p, range] of Object.entries(state.partitions)) {
    const offset = byPartition.get(Number(p));
    if (offset === undefined) missing.push({ partition: Number(p), offset: range.next });
    else range.next = offset;
  }
  if (missing.length > 0) await admin.setOffsets({ groupId, topic: state.from, partitions: missing });
  return state;
}

async function runCopy(deps: CopyDeps, options: CopyOptions, state: CopyState, groupId: string, admin: Admin, now: () => number): Promise<CopyResult> {
  const log = deps.logger;
  const totals = copyTotals(state);
  const meter = createProgressMeter({ total: totals.total, done: totals.total - totals.remaining, now });
  const producer = deps.kafka.producer({
    transactionalId: groupId, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = deps.kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false });
  // Checked sends: kafkajs can resolve a send without writing partitions whose leader moved (runtime checkedSend).
  const partitionCounts = createPartitionCounts(deps.kafka);
  const open = new Set(Object.entries(state.partitions).filter(([, r]) => BigInt(r.next) < BigInt(r.end)).map(([p]) => Number(p)));
  let copied = 0;
  let settle!: (stopped: boolean) => void;
  const ended = new Promise<boolean>((resolve) => (settle = resolve));
  const close = (partition: number) => {
    open.delete(partition);
    consumer.pause([{ topic: state.from, partitions: [partition] }]);
    if (open.size === 0) settle(false);
  };
  const stopRequested = () => options.signal?.aborted === true || (options.maxRecords !== undefined && copied >= options.maxRecords);
  options.signal?.addEventListener('abort', () => settle(true), { once: true });

  // Batches holding only transaction markers never reach eachBatch; their end still tells us a partition is done.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const range = state.partitions[payload.partition];
    if (range && open.has(payload.partition) && BigInt(payload.lastOffset) + 1n >= BigInt(range.end)) close(payload.partition);
  });

  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [state.from], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1, // one transactional producer: one transaction at a time
      eachBatch: async ({ batch, resolveOffset }) => {
        const range = state.partitions[batch.partition];
        if (!range || !open.has(batch.partition) || stopRequested()) return;
        const end = BigInt(range.end);
        let take = batch.messages.filter((m) => BigInt(m.offset) < end);
        if (options.maxRecords !== undefined) take = take.slice(0, Math.max(0, options.maxRecords - copied));
        const reachedEnd = take.length === batch.messages.filter((m) => BigInt(m.offset) < end).length;
        const next = !reachedEnd
          ? BigInt(take[take.length - 1]!.offset) + 1n
          : BigInt(batch.lastOffset()) + 1n > end ? end : BigInt(batch.lastOffset()) + 1n;
        if (take.length > 0) {
          const tx = await producer.transaction();
          try {
            await checkedSendBatch(tx, { acks: -1, topicMessages: [{ topic: state.to, messages: take.map((m) => toOutput(m, batch.partition, state.routing)) }] }, partitionCounts);
            await tx.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: state.from, partitions: [{ partition: batch.partition, offset: next.toString() }] }] });
            await tx.commit();
          } catch (error) {
            await tx.abort().catch(() => undefined);
            throw error;
          }
          resolveOffset(take[take.length - 1]!.offset);
        }
        copied += take.length;
        range.next = next.toString();
        range.copied += take.length;
        state.updatedAt = new Date(now()).toISOString();
        await deps.store.save(state);
        options.onProgress?.(meter.update({ done: copyTotals(state).total - copyTotals(state).remaining }));
        if (next >= end) close(batch.partition);
        else if (stopRequested()) settle(true);
      },
    });
    const idle = Object.keys(state.partitions).map(Number).filter((p) => !open.has(p));
    if (idle.length > 0) consumer.pause([{ topic: state.from, partitions: idle }]);
    const stopped = await ended;
    log.info({ jobId: state.jobId, copied, stopped }, 'copy run ended');
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
  const finished = open.size === 0;
  return { state: finished ? await finish(deps.store, state, now, admin, groupId) : state, copied, finished, dryRun: false };
}

function toOutput(m: KafkaMessage, partition: number, routing: CopyState['routing']): Message {
  return {
    key: m.key,
    value: m.value,
    headers: m.headers ?? {},
    timestamp: m.timestamp,
    ...(routing === 'same-partition' ? { partition } : {}),
  };
}

async function finish(store: CopyStateStore, state: CopyState, now: () => number, admin: Admin, groupId: string): Promise<CopyState> {
  for (const range of Object.values(state.partitions)) range.next = range.end;
  state.status = 'done';
  state.updatedAt = new Date(now()).toISOString();
  await store.save(state);
  // The group only carried this job's position; a finished job leaves nothing behind in Kafka.
  await admin.deleteGroups([groupId]).catch(() => undefined);
  return state;
}
