import type { EventName } from '../generated/events.js';

export type CleanupPolicy = 'delete' | 'compact';

/** One topic as the platform expects it to exist. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** `min.insync.replicas`: copies an acks=all write needs; below it producers get NOT_ENOUGH_REPLICAS. */
  readonly minInsyncReplicas: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** `retention.ms`; null for compacted topics (they keep the latest value per key forever). */
  readonly retentionMs: number | null;
  /** Event carried as the value (Avro, Confluent-framed); null for DLQs, which keep the original bytes. */
  readonly valueEvent: EventName | null;
  /** Registry subject under TopicNameStrategy: `<topic>-value`; null when the value is not Avro. */
  readonly valueSubject: string | null;
  /** What the UTF-8 key holds, for humans and for the read-model projector. */
  readonly key: string;
}

export interface CatalogueOptions {
  /** Scales every topic's partition count (6 by default): 2 → 12. Growing past one machine. */
  partitionMultiplier?: number;
  /** 1 on the local single broker; 3 in a real cluster (see `replicationForBrokers`). */
  replicationFactor?: number;
  /** Default `minInsyncReplicasFor(replicationFactor)`: 2 with 3 replicas, 1 below. */
  minInsyncReplicas?: number;
  /** Apps that get a `dlq.<app>` topic. */
  dlqApps?: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PARTITIONS = 6;
export const DEFAULT_DLQ_APPS = ['ingest', 'transform', 'quality', 'match', 'rca', 'projector'] as const;

interface TopicDefinition {
  name: string;
  event: EventName;
  retentionDays: number | null;
  key: string;
}

const recordKey = '<tenant_id>/<source record id>';
// Raw topics are the replay source for every derived topic, so they keep the longest history.
// Crypto-shredding (not retention) is what erases personal data from them.
const raw = (name: string, event: EventName): TopicDefinition => ({ name, event, retentionDays: 90, key: recordKey });
const canonical = (entity: string, event: EventName): TopicDefinition => ({ name: `canonical.${entity}`, event, retentionDays: 30, key: recordKey });

/** Every Avro topic (docs/raw-records.md, shared/DESIGN.md "Event flow"). */
export const TOPIC_DEFINITIONS: readonly TopicDefinition[] = [
  raw('raw.crm.customer', 'CrmCustomerRecordReceived'),
  raw('raw.erp.account', 'ErpAccountRecordReceived'),
  raw('raw.erp.order', 'ErpOrderRecordReceived'),
  raw('raw.billing.invoice', 'BillingInvoiceRecordReceived'),
  raw('raw.billing.payment', 'BillingPaymentRecordReceived'),
  raw('raw.cdr.call', 'CdrCallRecordReceived'),
  raw('raw.oss.network_event', 'OssNetworkEventRecordReceived'),
  raw('raw.oss.ticket', 'OssTicketRecordReceived'),
  canonical('party', 'CanonicalPartyRecorded'),
  canonical('account', 'CanonicalAccountRecorded'),
  canonical('order', 'CanonicalOrderRecorded'),
  canonical('invoice', 'CanonicalInvoiceRecorded'),
  canonical('payment', 'CanonicalPaymentRecorded'),
  canonical('usage', 'CanonicalUsageRecorded'),
  canonical('network_event', 'CanonicalNetworkEventRecorded'),
  canonical('ticket', 'CanonicalTicketRecorded'),
  { name: 'kpi.facts', event: 'KpiFactRecorded', retentionDays: 30, key: recordKey },
  { name: 'quality.results', event: 'QualityCheckEvaluated', retentionDays: 30, key: recordKey },
  { name: 'quality.issues', event: 'QualityIssueDetected', retentionDays: 30, key: recordKey },
  // Keyed by entity so the golden-record builder sees one entity's decisions in order.
  { name: 'match.decisions', event: 'MatchDecisionMade', retentionDays: 30, key: '<tenant_id>/<entity_id>' },
  // Compacted: the latest golden record per entity is the state the matcher rebuilds from after a restart.
  { name: 'entities.golden', event: 'GoldenEntityUpdated', retentionDays: null, key: '<tenant_id>/<entity_id>; null value = tombstone (merged away)' },
  { name: 'rca.findings', event: 'RcaFindingRecorded', retentionDays: 90, key: '<tenant_id>/<analysis_id>' },
  { name: 'alerts', event: 'AlertRaised', retentionDays: 90, key: '<tenant_id>/<alert_id>' },
];

export function dlqTopicName(app: string): string {
  return `dlq.${app}`;
}

export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

/** Replicas per topic for a cluster of `brokers` nodes: one per node, at most 3 (the usual production choice). */
export function replicationForBrokers(brokers: number): number {
  if (!Number.isInteger(brokers) || brokers < 1) throw new RangeError(`brokers must be a positive integer, got ${brokers}`);
  return Math.min(3, brokers);
}

/**
 * In-sync copies an acks=all write waits for: 2 of 3 replicas, so an acknowledged record survives the loss of
 * any one broker and producers go on while one is down; 1 when there are fewer than 3 replicas (with 2 of 2,
 * one broker down would stop every producer).
 */
export function minInsyncReplicasFor(replicationFactor: number): number {
  return replicationFactor >= 3 ? 2 : 1;
}

/** The full catalogue with sizes applied. Pure: same options, same list. */
export function topicCatalogue(options: CatalogueOptions = {}): TopicSpec[] {
  const { partitionMultiplier = 1, replicationFactor = 1, dlqApps = DEFAULT_DLQ_APPS } = options;
  const minInsyncReplicas = options.minInsyncReplicas ?? minInsyncReplicasFor(replicationFactor);
  if (!Number.isInteger(partitionMultiplier) || partitionMultiplier < 1) throw new RangeError(`partitionMultiplier must be a positive integer, got ${partitionMultiplier}`);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) throw new RangeError(`replicationFactor must be a positive integer, got ${replicationFactor}`);
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
    throw new RangeError(`minInsyncReplicas must be an integer from 1 to the replication factor ${replicationFactor}, got ${minInsyncReplicas}`);
  }
  const partitions = DEFAULT_PARTITIONS * partitionMultiplier;
  const avroTopics = TOPIC_DEFINITIONS.map((d): TopicSpec => ({
    name: d.name,
    partitions,
    replicationFactor,
    minInsyncReplicas,
    cleanupPolicy: d.retentionDays === null ? 'compact' : 'delete',
    retentionMs: d.retentionDays === null ? null : d.retentionDays * DAY_MS,
    valueEvent: d.event,
    valueSubject: valueSubject(d.name),
    key: d.key,
  }));
  // DLQs keep the poison record's original key and bytes plus error headers, so they are not Avro.
  const dlqs = dlqApps.map((app): TopicSpec => ({
    name: dlqTopicName(app), partitions, replicationFactor, minInsyncReplicas, cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS,
    valueEvent: null, valueSubject: null, key: 'original key of the poison record',
  }));
  return [...avroTopics, ...dlqs];
}

/** Topic configs we own; anything else on a topic is left to operators. */
export function managedConfigs(spec: TopicSpec): Record<string, string> {
  const configs: Record<string, string> = { 'cleanup.policy': spec.cleanupPolicy, 'min.insync.replicas': String(spec.minInsyncReplicas) };
  if (spec.retentionMs !== null) configs['retention.ms'] = String(spec.retentionMs);
  return configs;
}
