import type { Kafka } from 'kafkajs';
import type { AlertRaised, RcaFinding } from '@rivulet/rca';
import { createPartitionCounts, createRenewingProducer, withCheckedSends, type Codec } from '@rivulet/runtime';

export interface FindingPublisher {
  /** Resolves once Kafka acknowledged the finding and its alerts (acks=all). */
  publish(finding: RcaFinding, alerts: readonly AlertRaised[]): Promise<void>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Findings and alerts through an idempotent producer (no duplicates from the producer's own retries).
 * Across a crash between the acknowledgement and marking the window analysed, the same window is published
 * again: its analysis, event and alert ids are deterministic (tenant + window + metric), so downstream
 * projections, which upsert by id, see one finding.
 */
export function createFindingPublisher(kafka: Kafka, codec: Codec): FindingPublisher {
  // Replaced after a failed send (createRenewingProducer): a kafkajs idempotent producer can refuse every
  // send after one failed (out-of-order sequence once the brokers restarted).
  // Checked sends: kafkajs can resolve a send without writing partitions whose leader moved (checkedSend.ts).
  const partitionCounts = createPartitionCounts(kafka);
  const producer = createRenewingProducer(() => withCheckedSends(kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }), partitionCounts));
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async publish(finding, alerts) {
      const tenant = finding.envelope.tenant_id;
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: 'rca.findings', messages: [{ key: `${tenant}/${finding.analysis_id}`, value: await codec.encode('rca.findings-value', finding) }] },
          ...(alerts.length > 0
            ? [{ topic: 'alerts', messages: await Promise.all(alerts.map(async (a) => ({ key: `${tenant}/${a.alert_id}`, value: await codec.encode('alerts-value', a) }))) }]
            : []),
        ],
      });
    },
  };
}
