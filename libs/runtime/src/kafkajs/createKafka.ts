import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkajsLogCreator } from '../logger.js';
import { assertKafkajsSkipsAbortedRecords } from './abortedFilter.js';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: SASLOptions;
  /** kafkajs's own retry of requests (metadata, produce) before an error reaches the runtime. */
  requestRetries?: number;
}

/** The one Kafka client of every app. Refuses to start on a kafkajs whose read_committed consumer would hand over aborted records. */
export function createKafka(connection: KafkaConnection, logger: Logger): Kafka {
  assertKafkajsSkipsAbortedRecords();
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    ...(connection.ssl ? { ssl: true } : {}),
    ...(connection.sasl ? { sasl: connection.sasl } : {}),
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
    retry: { retries: connection.requestRetries ?? 5, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
}
