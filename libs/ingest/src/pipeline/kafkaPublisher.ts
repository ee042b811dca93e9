import { PublishError } from '../errors.js';
import type { OutgoingMessage, Publisher } from './publisher.js';

/** The part of a kafkajs `Producer` used here (a connected idempotent producer). */
export interface BatchProducer {
  sendBatch(batch: { acks: number; timeout?: number; topicMessages: Array<{ topic: string; messages: OutgoingMessage[] }> }): Promise<unknown>;
}

export interface KafkaPublisherOptions {
  /** A publish not acknowledged within this time fails (the caller answers 503 / retries). Default 5000. */
  timeoutMs?: number;
}

interface Pending {
  topic: string;
  messages: readonly OutgoingMessage[];
  settled: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publisher over one kafkajs idempotent producer that keeps at most ONE send in flight and folds the
 * publishes that arrive meanwhile into the next send (group commit).
 *
 * Why serial: kafkajs's idempotent producer tracks sequence numbers per partition without guarding
 * concurrent sends, and concurrent `send()` calls can lose or reject messages
 * (https://github.com/tulios/kafkajs/issues/1005, #598). Why coalescing: serial sends would otherwise
 * make concurrent HTTP requests wait for each other one by one.
 *
 * Why a deadline: an idempotent producer retries a failing broker practically forever. Each publish gets
 * its own deadline and then rejects with a retriable `PublishError`, so callers answer 503 instead of
 * hanging. The abandoned send may still succeed later; that is safe because event ids are deterministic
 * and a client retry re-sends the same ids (downstream dedupes by event id).
 */
export function createKafkaPublisher(producer: BatchProducer, options: KafkaPublisherOptions = {}): Publisher & { idle(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.filter((p) => !p.settled);
      queue = [];
      if (batch.length === 0) continue;
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const p of batch) {
        const list = byTopic.get(p.topic) ?? [];
        list.push(...p.messages);
        byTopic.set(p.topic, list);
      }
      try {
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
        for (const p of batch) settle(p, undefined);
      } catch (error) {
        for (const p of batch) settle(p, new PublishError(`Kafka did not accept the records: ${(error as Error).message}`, error));
      }
    }
    running = undefined;
  };

  const settle = (p: Pending, error: unknown): void => {
    if (p.settled) return;
    p.settled = true;
    if (error === undefined) p.resolve();
    else p.reject(error);
  };

  return {
    publish(topic, messages) {
      if (messages.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const pending: Pending = { topic, messages, settled: false, resolve, reject };
        const timer = setTimeout(() => settle(pending, new PublishError(`Kafka did not acknowledge within ${timeoutMs} ms`)), timeoutMs);
        pending.resolve = () => { clearTimeout(timer); resolve(); };
        pending.reject = (error) => { clearTimeout(timer); reject(error); };
        queue.push(pending);
        running ??= drain();
      });
    },
    /** Resolves when no send is in flight (for shutdown: let the last acknowledged batch finish). */
    async idle() {
      while (running) await running;
    },
  };
}
