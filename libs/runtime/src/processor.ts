import type { Admin, Batch, CompressionTypes, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { defaultBackoff, type BackoffOptions } from './backoff.js';
import { createRedelivery, heartbeatOrStop, whileBeating, type BatchControl } from './batchControl.js';
import { outcomeOfFailedCommit } from './commitOutcome.js';
import { createCommittedFloor } from './committedFloor.js';
import type { Codec } from './codec.js';
import type { RawMessage } from './deadLetter.js';
import { errorMessage, RetriesExhaustedError } from './errors.js';
import type { ChunkPreparer, Handler } from './handler.js';
import { isFenced, TransactionalProducers } from './kafkajs/transactionalProducers.js';
import { createProcessorMetrics, type ProcessorMetrics } from './metrics.js';
import { processChunk } from './processChunk.js';
import type { HealthReport } from './httpServer.js';

export interface ProcessorOptions<L = unknown> {
  /** App name: DLQ topic `dlq.<app>`, metrics label, default group id. */
  app: string;
  kafka: Kafka;
  codec: Codec;
  handler: Handler<unknown, L>;
  /** Warms the handler's lookups once per chunk (see ChunkPreparer): one key-store query instead of one per record. */
  prepare?: ChunkPreparer<unknown, L>;
  topics: (string | RegExp)[];
  logger: Logger;
  lookups?: L;
  groupId?: string;
  /** Prefix of the per-partition transactional ids; must be the same for every instance of the app. */
  transactionalIdPrefix?: string;
  /** Records per Kafka transaction. */
  maxChunkRecords?: number;
  /**
   * Records of a chunk handled at once (default 1). Worth raising when the handler waits on I/O (key-store
   * or database lookups) and does not depend on the order records are handled in; outputs keep input order.
   */
  handlerConcurrency?: number;
  partitionsConsumedConcurrently?: number;
  backoff?: Partial<BackoffOptions>;
  transactionTimeoutMs?: number;
  /**
   * Compression of the output record batches (default none). kafkajs has GZIP built in (other codecs need a
   * plugin); on loopback the CPU it costs is not paid back (README, "Benchmark": `--compression`).
   */
  compression?: CompressionTypes;
  sessionTimeoutMs?: number;
  clock?: () => Date;
  metrics?: ProcessorMetrics;
  /**
   * Fault-injection points for tests: `beforeCommit` runs after a chunk's outputs and offsets were sent
   * in its transaction and before the commit (a crash there must leave nothing visible).
   */
  hooks?: { beforeCommit?: (input: { topic: string; partition: number; records: number }) => void | Promise<void> };
}

export interface Processor {
  start(): Promise<void>;
  /** Finishes the in-flight chunk, commits it, leaves the group and disconnects. */
  stop(): Promise<void>;
  health(): HealthReport;
  metrics: ProcessorMetrics;
}

/**
 * The one way a Rivulet processor runs: consume (read_committed) → decode → pure handler → encode →
 * produce + commit offsets in one Kafka transaction per chunk (exactly-once read-process-write).
 */
export function createProcessor<L>(options: ProcessorOptions<L>): Processor {
  const groupId = options.groupId ?? `rivulet.${options.app}`;
  const backoff: BackoffOptions = { ...defaultBackoff, ...options.backoff };
  const metrics = options.metrics ?? createProcessorMetrics(options.app);
  const clock = options.clock ?? (() => new Date());
  const log = options.logger;
  const producers = new TransactionalProducers(options.kafka, {
    transactionalIdPrefix: options.transactionalIdPrefix ?? groupId,
    transactionTimeoutMs: options.transactionTimeoutMs ?? 60_000,
    ...(options.compression !== undefined ? { compression: options.compression } : {}),
  });
  const consumer: Consumer = options.kafka.consumer({
    groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
  });
  const redelivery = createRedelivery(consumer, backoff, log);
  /** Offsets below a partition's floor were committed by this instance: a batch that repeats them is a stale fetch. */
  const floor = createCommittedFloor();
  let state: HealthReport['status'] = 'starting';
  let stopping = false;

  /**
   * Joins of the group so far, and per partition the join in which it was last settled. Every join (a
   * rebalance, or kafkajs restarting its consumer after a crash) fetches the committed offsets again, and
   * without KIP-447's require_stable a transaction still completing hands back the offset from before it,
   * even to the instance that committed it: so the first batch of each partition after every join settles.
   * (The fault suite saw 63 records of one partition transformed twice after kafkajs restarted a crashed
   * consumer during the cluster restart, when only the first batch after taking a partition was settled.)
   */
  let joins = 0;
  const settledInJoin = new Map<string, number>();
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    joins += 1;
    state = 'ok';
    log.info({ assignment: event.payload.memberAssignment }, 'joined consumer group');
  });
  consumer.on(consumer.events.CRASH, (event) => {
    log.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
    if (!event.payload.restart) state = 'degraded';
  });

  let admin: Admin | undefined;
  /** The group's committed offset for the partition (-1 when none). */
  async function committedOffset(topic: string, partition: number): Promise<bigint> {
    if (!admin) {
      admin = options.kafka.admin();
      await admin.connect();
    }
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return BigInt(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
  }
  /**
   * First batch of a partition since the last join of the group (or since it lost its producer): settle the partition's
   * transactional id, then start from the group's committed offset if the consumer was handed an older one
   * (a transaction that was still completing when the consumer fetched its offset). True: batch handled.
   */
  async function skippedToCommitted(batch: Batch, messages: readonly KafkaMessage[], control: BatchControl): Promise<boolean> {
    const key = `${batch.topic}/${batch.partition}`;
    if ((producers.has(batch.topic, batch.partition) && settledInJoin.get(key) === joins) || messages.length === 0) return false;
    const first = messages[0]!.offset;
    try {
      await producers.settle(batch.topic, batch.partition);
      const committed = await committedOffset(batch.topic, batch.partition);
      settledInJoin.set(key, joins);
      if (committed <= BigInt(first)) return false;
      log.warn({ topic: batch.topic, partition: batch.partition, fetched: first, committed: committed.toString() }, 'fetched from before the committed offset (a commit was completing): continuing from the committed offset');
      consumer.seek({ topic: batch.topic, partition: batch.partition, offset: committed.toString() });
      return true;
    } catch (error) {
      if (isFenced(error)) return true; // another instance owns the partition now
      await producers.drop(batch.topic, batch.partition);
      redelivery.later(batch, control, first, error, 'chunk aborted; will redeliver');
      return true;
    }
  }

  async function handleBatch(batch: Batch, control: BatchControl): Promise<void> {
    const { fresh, stale } = floor.fresh(batch.topic, batch.partition, batch.messages);
    if (stale > 0) {
      log.warn(
        { topic: batch.topic, partition: batch.partition, fetched: batch.messages[0]!.offset, stale },
        'batch repeats records this instance already committed (a fetch answered after a leader change): skipping them',
      );
      metrics.staleSkipped.inc({ topic: batch.topic }, stale);
      control.resolveOffset(batch.messages[stale - 1]!.offset);
    }
    if (await skippedToCommitted(batch, fresh, control)) return;
    const chunkSize = options.maxChunkRecords ?? 500;
    for (let i = 0; i < fresh.length; i += chunkSize) {
      if (!control.isRunning() || control.isStale()) return;
      const messages = fresh.slice(i, i + chunkSize);
      const first = messages[0]!;
      const last = messages[messages.length - 1]!;
      const started = process.hrtime.bigint();
      try {
        const outcome = await whileBeating(control, () => processChunk(messages.map((m) => toRaw(batch, m)), {
          app: options.app,
          consumerGroup: groupId,
          codec: options.codec,
          handler: options.handler,
          ctx: { now: clock(), app: options.app, lookups: options.lookups as L },
          backoff,
          shouldStop: () => stopping,
          concurrency: options.handlerConcurrency ?? 1,
          ...(options.prepare ? { prepare: options.prepare } : {}),
          onRetry: (stage, error, attempt, delayMs) => {
            metrics.errors.inc({ stage });
            log.warn({ stage, attempt, delayMs, err: errorMessage(error) }, 'transient failure, retrying');
          },
        }));
        const nextOffset = (BigInt(last.offset) + 1n).toString();
        const handled = process.hrtime.bigint();
        try {
          await producers.commit(
            { topic: batch.topic, partition: batch.partition, nextOffset, groupId },
            outcome.messages,
            options.hooks?.beforeCommit &&
              (() => options.hooks?.beforeCommit?.({ topic: batch.topic, partition: batch.partition, records: messages.length })),
          );
        } catch (error) {
          // A commit can fail on the client after the broker committed (a timed-out EndTxn): ask the group
          // coordinator (commitOutcome.ts). Not known to have committed: abort below and redeliver.
          if (isFenced(error)) throw error;
          const commitOutcome = await outcomeOfFailedCommit({
            settle: () => producers.settle(batch.topic, batch.partition),
            drop: () => producers.drop(batch.topic, batch.partition),
            committedOffset: () => committedOffset(batch.topic, batch.partition),
          }, nextOffset);
          if (commitOutcome !== 'committed') throw error;
          log.warn({ topic: batch.topic, partition: batch.partition, err: errorMessage(error) }, 'commit reported an error but the transaction committed');
        }
        floor.committed(batch.topic, batch.partition, nextOffset);
        control.resolveOffset(last.offset);
        redelivery.succeeded(batch);
        metrics.transactions.inc({ outcome: 'committed' });
        metrics.recordsIn.inc({ topic: batch.topic }, messages.length);
        for (const m of outcome.messages) metrics.recordsOut.inc({ topic: m.topic });
        metrics.skipped.inc({ topic: batch.topic }, outcome.skipped);
        metrics.deadLettered.inc({ topic: batch.topic }, outcome.deadLettered);
        for (const reason of outcome.deadLetterReasons) log.warn({ topic: batch.topic, reason }, 'record dead-lettered');
        const committedAt = process.hrtime.bigint();
        const seconds = Number(committedAt - started) / 1e9;
        log.debug(
          { topic: batch.topic, partition: batch.partition, records: messages.length, outputs: outcome.messages.length, handleMs: Number(handled - started) / 1e6, commitMs: Number(committedAt - handled) / 1e6 },
          'chunk committed',
        );
        metrics.processingSeconds.observe({ topic: batch.topic }, seconds / messages.length);
        metrics.consumerLag.set(
          { topic: batch.topic, partition: String(batch.partition) },
          Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n)),
        );
      } catch (error) {
        metrics.transactions.inc({ outcome: 'aborted' });
        metrics.errors.inc({ stage: error instanceof RetriesExhaustedError ? 'dependency' : 'commit' });
        if (isFenced(error)) {
          log.warn({ topic: batch.topic, partition: batch.partition }, 'producer fenced: partition moved to another instance');
          return;
        }
        // Nothing of this chunk was committed: rewind to its first record and pause the partition for a
        // while, so the chunk is delivered again once the dependency is back (no DLQ for good records).
        redelivery.later(batch, control, first.offset, error, 'chunk aborted; will redeliver');
        return;
      }
      // Outside the chunk's try: the chunk is committed, so a failed heartbeat (a rebalance under way) must
      // not rewind to it, which would publish it a second time; stop here, the group resumes after it.
      if (!(await heartbeatOrStop(control, log, batch))) return;
    }
  }

  return {
    metrics,
    health: () => ({ status: state, details: { groupId, topics: options.topics.map(String) } }),
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) =>
          handleBatch(batch, { resolveOffset, heartbeat, isRunning, isStale, pause }),
      });
    },
    async stop() {
      stopping = true;
      state = 'stopping';
      // kafkajs's disconnect waits for the running eachBatch to return; handleBatch checks isRunning()
      // between chunks, so the in-flight chunk finishes and commits first.
      await consumer.disconnect();
      await producers.disconnectAll();
      await admin?.disconnect().catch(() => undefined);
    },
  };
}


function toRaw(batch: Batch, message: KafkaMessage): RawMessage {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    key: message.key,
    value: message.value,
    headers: headersToStrings(message.headers),
  };
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[value.length - 1] : value;
    if (first !== undefined) out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
