/** The part of a kafkajs idempotent `Producer` that a renewing producer manages. */
export interface RenewableProducer<Batch> {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  sendBatch(batch: Batch): Promise<unknown>;
}

export interface RenewingProducer<Batch> {
  /** Connects a producer now (at start-up: a Kafka that cannot be reached fails the start). */
  connect(): Promise<void>;
  /** Sends with the current producer; after a failure that producer is dropped and the next send uses a fresh one. */
  sendBatch(batch: Batch): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * An idempotent producer for at-least-once publishers (the match outbox relay, rca's findings) that is
 * replaced after a failed send.
 *
 * Why: kafkajs keeps an idempotent producer's id and per-partition sequence numbers across a failed send.
 * When a send failed at the client but the broker wrote it, or the brokers restarted and moved on from that
 * producer's state, the next send of the same rows in a different batch is refused with
 * OUT_OF_ORDER_SEQUENCE_NUMBER, and every send after that as well: the fault suite's match relay failed
 * every round for minutes after all brokers restarted, and match's decisions stopped. A fresh producer gets
 * a new producer id with sequences from 0. Sending the rows again with it may write some of them twice,
 * which these publishers already allow (deterministic event ids; every reader upserts by them).
 */
export function createRenewingProducer<Batch>(create: () => RenewableProducer<Batch>, options: { onRenew?: (error: unknown) => void } = {}): RenewingProducer<Batch> {
  let current: Promise<RenewableProducer<Batch>> | undefined;

  const connected = (): Promise<RenewableProducer<Batch>> => {
    if (current) return current;
    const producer = create();
    const pending = producer.connect().then(
      () => producer,
      async (error: unknown) => {
        if (current === pending) current = undefined;
        await producer.disconnect().catch(() => undefined);
        throw error;
      },
    );
    current = pending;
    return pending;
  };

  return {
    async connect() {
      await connected();
    },
    async sendBatch(batch) {
      const pending = connected();
      const producer = await pending;
      try {
        await producer.sendBatch(batch);
      } catch (error) {
        if (current === pending) current = undefined;
        options.onRenew?.(error);
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async disconnect() {
      const pending = current;
      current = undefined;
      const producer = await pending?.catch(() => undefined);
      await producer?.disconnect();
    },
  };
}
