import type { AddressInfo } from 'node:net';
import { schemaForEvent, type EventSchema } from '@rivulet/contracts';
import { createKnexCheckpointStore } from '@rivulet/db';
import { defaultModel, type MatchModel } from '@rivulet/matching';
import { createKnexOutboxStore, createOutboxRelay, type OutboxRelay } from '@rivulet/outbox';
import type { PiiCipher } from '@rivulet/pii';
import { createOpsServer, createPartitionCounts, createProcessorMetrics, createProjector, createRenewingProducer, withCheckedSends, type BackoffOptions, type Codec, type HealthReport, type Logger, type Projector } from '@rivulet/runtime';
import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { createMatchProjection } from './createMatchProjection.js';
import { createMatchMetrics, type MatchMetrics } from './matchMetrics.js';
import type { MatchSettings } from './matchSettings.js';
import { createModelStore } from './modelStore.js';

export const MATCH_OUTBOX_TABLE = 'match_outbox';

export interface MatchAppOptions {
  app?: string;
  logger: Logger;
  kafka: Kafka;
  codec: Codec;
  /** Pool for state, checkpoints, outbox and the key store; needs ≥ 3 connections (batch, relay, keys). */
  db: Knex;
  cipher: PiiCipher;
  settings: MatchSettings;
  groupId: string;
  topics?: Partial<{ input: string; decisions: string; golden: string; dlq: string }>;
  port?: number;
  host?: string;
  relay?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number; flushTimeoutMs?: number };
  em?: { enabled?: boolean; intervalMs?: number; minPairs?: number; maxPairs?: number };
  defaultModel?: MatchModel;
  backoff?: Partial<BackoffOptions>;
  now?: () => number;
  partySchema?: EventSchema;
}

export interface MatchApp {
  port: number;
  projector: Projector;
  relay: OutboxRelay;
  metrics: MatchMetrics;
  health(): HealthReport;
  /** Drains the in-flight batch, leaves the group, flushes the outbox, stops EM; idempotent. */
  stop(): Promise<void>;
}

/**
 * The match processor: a createProjector consumer of canonical.party whose project step matches and
 * writes state + outbox rows + checkpoint in one PostgreSQL transaction, an outbox relay publishing to
 * match.decisions / entities.golden, a periodic EM re-estimation, and /health + /metrics.
 */
export async function startMatchApp(options: MatchAppOptions): Promise<MatchApp> {
  const app = options.app ?? 'match';
  const now = options.now ?? Date.now;
  const topics = { input: 'canonical.party', decisions: 'match.decisions', golden: 'entities.golden', dlq: `dlq.${app}`, ...options.topics };
  const processorMetrics = createProcessorMetrics(app);
  const outboxStore = createKnexOutboxStore(options.db, MATCH_OUTBOX_TABLE);
  const metrics = createMatchMetrics(processorMetrics.registry, () => outboxStore.backlog());
  const models = createModelStore(options.defaultModel ?? defaultModel());

  // Replaced after a failed send: a kafkajs idempotent producer can refuse every send after one failed
  // (out-of-order sequence once the brokers restarted), which stopped the relay for good.
  // Checked sends: kafkajs can resolve a send without writing partitions whose leader moved (checkedSend.ts).
  const partitionCounts = createPartitionCounts(options.kafka);
  const producer = createRenewingProducer(() => withCheckedSends(options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }), partitionCounts));
  await producer.connect();
  const relay = createOutboxRelay({
    store: outboxStore,
    producer,
    pollIntervalMs: options.relay?.pollIntervalMs ?? 500,
    batchSize: options.relay?.batchSize ?? 500,
    onPublished: (n) => metrics.published.inc(n),
    onError: (error, n) => {
      metrics.relayFailures.inc();
      options.logger.warn({ err: (error as Error).message, consecutiveFailures: n }, 'outbox relay round failed; rows kept');
    },
  });

  const projector = createProjector<Knex.Transaction>({
    app,
    kafka: options.kafka,
    codec: options.codec,
    topics: [topics.input],
    logger: options.logger,
    groupId: options.groupId,
    store: createKnexCheckpointStore(options.db, app),
    metrics: processorMetrics,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    project: createMatchProjection({
      app,
      cipher: options.cipher,
      codec: options.codec,
      partySchema: options.partySchema ?? schemaForEvent('CanonicalPartyRecorded'),
      settings: options.settings,
      models,
      topics,
      now,
      outboxTable: MATCH_OUTBOX_TABLE,
      dlqTopic: topics.dlq,
      metrics,
      logger: options.logger,
    }),
    onCommitted: () => relay.wake(),
  });

  let training: Promise<unknown> = Promise.resolve();
  const em = options.em ?? {};
  const timer =
    em.enabled === false
      ? null
      : setInterval(() => {
          training = models
            .retrain(options.db, { minPairs: em.minPairs ?? 1_000, maxPairs: em.maxPairs ?? 50_000 })
            .then((trained) => {
              for (const t of trained) {
                metrics.modelTrainings.inc();
                options.logger.info(t, 'match model re-estimated (EM)');
              }
            })
            .catch((error: unknown) => options.logger.warn({ err: (error as Error).message }, 'EM re-estimation failed; keeping the current model'));
        }, em.intervalMs ?? 10 * 60_000);
  timer?.unref();

  const health = (): HealthReport => {
    const base = projector.health();
    const r = relay.health();
    const status = base.status === 'ok' && r.consecutiveFailures >= 5 ? 'degraded' : base.status;
    return { status, details: { ...base.details, relay: r } };
  };
  const server = createOpsServer({ registry: processorMetrics.registry, health });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  if (options.relay?.enabled !== false) relay.start();
  await projector.start();
  options.logger.info({ port, input: topics.input, groupId: options.groupId }, 'match running');

  let stopped: Promise<void> | undefined;
  return {
    port,
    projector,
    relay,
    metrics,
    health,
    stop: () =>
      (stopped ??= (async () => {
        await projector.stop();
        if (timer) clearInterval(timer);
        await training;
        if (options.relay?.enabled !== false) {
          const { left } = await relay.stop({ timeoutMs: options.relay?.flushTimeoutMs ?? 10_000 });
          if (left === 'some') options.logger.warn('outbox not empty at shutdown; the next relay publishes the rest');
        }
        await producer.disconnect();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
