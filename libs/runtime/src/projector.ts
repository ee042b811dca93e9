import type { Batch, Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { defaultBackoff, withRetries, type BackoffOptions } from './backoff.js';
import type { Codec } from './codec.js';
import { toDeadLetter, type RawMessage } from './deadLetter.js';
import { errorMessage, isRetriable } from './errors.js';
import type { HealthReport } from './httpServer.js';
import { createProcessorMetrics, type ProcessorMetrics } from './metrics.js';
import { createRedelivery, heartbeatOrStop, whileBeating, type BatchControl } from './batchControl.js';
import { headersToStrings } from './processor.js';
import { endSpan, startProcessSpan } from './tracing.js';

/** One decoded event handed to a projection. */
export interface ProjectedEvent<V = unknown> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: V;
  headers: Record<string, string>;
  timestamp: number;
  /** Trace id of the record's trace (from its traceparent), kept with read-model rows. */
  traceId: string | null;
}

/**
 * Where a projection keeps its position, next to its rows. `applyBatch` must, in ONE database transaction:
 * lock the partition's checkpoint, call `apply` with the events at or after it, and move it past
 * `lastOffset`. That is what makes redelivery and replay change nothing twice.
 */
export interface CheckpointStore<Tx> {
  nextOffset(topic: string, partition: number): Promise<string | undefined>;
  applyBatch(
    input: { topic: string; partition: number; lastOffset: string; count: number },
    apply: (tx: Tx, fromOffset: bigint) => Promise<void>,
  ): Promise<void>;
}

export interface ProjectorOptions<Tx> {
  app: string;
  kafka: Kafka;
  codec: Codec;
  topics: (string | RegExp)[];
  logger: Logger;
  groupId: string;
  store: CheckpointStore<Tx>;
  /** Writes the read-model rows for `events`, idempotently; runs inside the checkpoint's transaction. */
  project: (tx: Tx, events: ProjectedEvent[]) => Promise<void>;
  backoff?: Partial<BackoffOptions>;
  metrics?: ProcessorMetrics;
  /** Called after each committed batch, e.g. to invalidate caches. */
  onCommitted?: (topic: string, partition: number, lastOffset: string) => void;
  /**
   * Records per database transaction (default 500). A fetched batch can hold thousands of records; in
   * chunks the projector heartbeats between transactions, so a slow database (or a loaded machine) does
   * not outlast the session timeout and throw the member out of its group mid-batch.
   */
  maxChunkRecords?: number;
}

export interface Projector {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): HealthReport;
  metrics: ProcessorMetrics;
}

/**
 * Consumes event topics into a database: decode → `project` → checkpoint, all in one database transaction
 * per batch and partition. Kafka's committed offsets are written afterwards only so lag is visible to the
 * usual tools; on (re)assignment the projector seeks to the database checkpoint, which is the truth.
 */
export function createProjector<Tx>(options: ProjectorOptions<Tx>): Projector {
  const log = options.logger;
  const backoff: BackoffOptions = { ...defaultBackoff, ...options.backoff };
  const metrics = options.metrics ?? createProcessorMetrics(options.app);
  const consumer: Consumer = options.kafka.consumer({ groupId: options.groupId, readUncommitted: false, allowAutoTopicCreation: false });
  const dlqProducer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const redelivery = createRedelivery(consumer, backoff, log);
  let state: HealthReport['status'] = 'starting';
  let stopping = false;

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    state = 'ok';
    const assignment = event.payload.memberAssignment as Record<string, number[]>;
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        options.store
          .nextOffset(topic, partition)
          .then((offset) => {
            if (offset !== undefined) consumer.seek({ topic, partition, offset });
          })
          .catch((error: unknown) => log.error({ topic, partition, err: errorMessage(error) }, 'cannot read checkpoint'));
      }
    }
  });

  async function handleBatch(batch: Batch, control: BatchControl): Promise<void> {
    if (batch.messages.length === 0 || stopping) return;
    const chunkSize = Math.max(1, options.maxChunkRecords ?? 500);
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      if (stopping || !control.isRunning() || control.isStale()) return;
      const ok = await handleChunk(batch, batch.messages.slice(i, i + chunkSize), control);
      if (!ok) return;
      // Tells the coordinator this member is alive between transactions; a rebalance shows up here.
      if (!(await heartbeatOrStop(control, log, batch))) break;
    }
    // Kafka's committed offsets only make the lag visible to the usual tools (the database checkpoint is the
    // position): failing to write them (a rebalance in progress) is not a failure of the committed batch.
    const last = batch.messages[batch.messages.length - 1]!;
    await consumer
      .commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }])
      .catch((error: unknown) => log.warn({ topic: batch.topic, partition: batch.partition, err: errorMessage(error) }, 'offsets (lag visibility only) not committed'));
  }

  /** One database transaction: decode → project → checkpoint. False when it failed (rewound and paused). */
  async function handleChunk(batch: Batch, messages: Batch['messages'], control: BatchControl): Promise<boolean> {
    const last = messages[messages.length - 1]!;
    try {
      const events: ProjectedEvent[] = [];
      for (const message of messages) {
        const raw: RawMessage = {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
          key: message.key,
          value: message.value,
          headers: headersToStrings(message.headers),
        };
        const { span } = startProcessSpan(options.app, { ...raw, key: raw.key?.toString('utf8') ?? null }, options.groupId);
        try {
          if (raw.value === null) throw Object.assign(new Error('tombstone'), { tombstone: true });
          const value = raw.value;
          const decoded = await withRetries(() => options.codec.decode(value), { ...backoff, isRetriable, shouldStop: () => stopping });
          events.push({ ...raw, key: raw.key?.toString('utf8') ?? null, value: decoded.value, traceId: span.spanContext().traceId });
          endSpan(span);
        } catch (error) {
          if ((error as { tombstone?: boolean }).tombstone) {
            // Compacted topics delete with tombstones: the projection sees them as a null value.
            events.push({ ...raw, key: raw.key?.toString('utf8') ?? null, value: null, traceId: null });
            endSpan(span);
            continue;
          }
          endSpan(span, error);
          if (isRetriable(error)) throw error;
          const dead = toDeadLetter(options.app, raw, error, new Date());
          await dlqProducer.send({ topic: dead.topic, acks: -1, messages: [{ key: dead.key, value: dead.value, headers: dead.headers }] });
          metrics.deadLettered.inc({ topic: batch.topic });
          log.warn({ topic: batch.topic, offset: raw.offset, reason: errorMessage(error) }, 'record dead-lettered');
        }
      }
      await whileBeating(control, () =>
        options.store.applyBatch(
          { topic: batch.topic, partition: batch.partition, lastOffset: last.offset, count: messages.length },
          (tx, fromOffset) => options.project(tx, events.filter((e) => BigInt(e.offset) >= fromOffset)),
        ),
      );
    } catch (error) {
      // Database or registry down: nothing of this chunk was committed; rewind, pause, and try it again later.
      metrics.transactions.inc({ outcome: 'aborted' });
      metrics.errors.inc({ stage: 'project' });
      redelivery.later(batch, control, messages[0]!.offset, error, 'projection batch failed; will retry');
      return false;
    }
    control.resolveOffset(last.offset);
    redelivery.succeeded(batch);
    metrics.recordsIn.inc({ topic: batch.topic }, messages.length);
    metrics.transactions.inc({ outcome: 'committed' });
    metrics.consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n)));
    options.onCommitted?.(batch.topic, batch.partition, last.offset);
    return true;
  }

  return {
    metrics,
    health: () => ({ status: state, details: { groupId: options.groupId } }),
    async start() {
      await dlqProducer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 3,
        eachBatch: ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => handleBatch(batch, { resolveOffset, heartbeat, isRunning, isStale, pause }),
      });
    },
    async stop() {
      stopping = true;
      state = 'stopping';
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
}
