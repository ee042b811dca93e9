import { errorMessage, errorName } from './errors.js';

/** Header names on dead-lettered records; documented in the README for operators. */
export const DLQ_HEADERS = {
  error: 'rivulet.dlq.error',
  errorClass: 'rivulet.dlq.error-class',
  app: 'rivulet.dlq.app',
  originTopic: 'rivulet.dlq.origin-topic',
  originPartition: 'rivulet.dlq.origin-partition',
  originOffset: 'rivulet.dlq.origin-offset',
  failedAt: 'rivulet.dlq.failed-at',
} as const;

export function deadLetterTopic(app: string): string {
  return `dlq.${app}`;
}

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Broker timestamp, ms since epoch. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface DeadLetter {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * The DLQ keeps the original bytes (so a fixed processor can re-read them) and the original headers
 * (trace context, idempotency keys), and adds why and where it failed.
 */
export function toDeadLetter(app: string, message: RawMessage, reason: unknown, now: Date): DeadLetter {
  return {
    topic: deadLetterTopic(app),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DLQ_HEADERS.error]: errorMessage(reason).slice(0, 4_000),
      [DLQ_HEADERS.errorClass]: typeof reason === 'string' ? 'PoisonRecord' : errorName(reason),
      [DLQ_HEADERS.app]: app,
      [DLQ_HEADERS.originTopic]: message.topic,
      [DLQ_HEADERS.originPartition]: String(message.partition),
      [DLQ_HEADERS.originOffset]: message.offset,
      [DLQ_HEADERS.failedAt]: now.toISOString(),
    },
  };
}
