import { describe, expect, it } from 'vitest';
import { createOutboxRelay } from './createOutboxRelay.js';
import type { OutboxRow, TopicMessages } from './outboxMessage.js';
import { toTopicMessages } from './outboxMessage.js';
import { relayOnce, splitBySize, type DrainResult, type OutboxStore } from './relayOnce.js';

const row = (id: number, topic = 't', key = `k${id % 2}`): OutboxRow => ({ id, topic, key, value: Buffer.from(`v${id}`), headers: { 'rivulet.event-id': `e${id}` } });

/** In-memory store with the same contract as the PostgreSQL one (rows deleted only after publish resolves). */
function memoryStore(rows: OutboxRow[], options: { busy?: () => boolean; crashBeforeDelete?: () => boolean } = {}) {
  const table = [...rows];
  const store: OutboxStore & { table: OutboxRow[] } = {
    table,
    async drain(limit, publish): Promise<DrainResult> {
      if (options.busy?.()) return { status: 'busy' };
      const batch = [...table].sort((a, b) => a.id - b.id).slice(0, limit);
      if (batch.length === 0) return { status: 'drained', count: 0 };
      await publish(batch);
      if (options.crashBeforeDelete?.()) throw new Error('connection lost before delete');
      for (const r of batch) table.splice(table.indexOf(r), 1);
      return { status: 'drained', count: batch.length };
    },
    backlog: async () => table.length,
  };
  return store;
}

function fakeProducer(failFirst = 0) {
  const sent: { topic: string; value: string; id: string }[] = [];
  let calls = 0;
  return {
    sent,
    async sendBatch(batch: { topicMessages: TopicMessages[] }) {
      calls += 1;
      if (calls <= failFirst) throw new Error('NOT_ENOUGH_REPLICAS');
      for (const tm of batch.topicMessages) for (const m of tm.messages) sent.push({ topic: tm.topic, value: m.value!.toString(), id: m.headers['rivulet.event-id']! });
    },
  };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(cond()).toBe(true);
};

describe('toTopicMessages', () => {
  it('given rows out of order across topics, when grouped, then each topic keeps id order', () => {
    const out = toTopicMessages([row(3, 'b'), row(1, 'a'), row(2, 'b'), row(4, 'a')]);
    expect(out.map((t) => [t.topic, t.messages.map((m) => m.value!.toString())])).toEqual([
      ['a', ['v1', 'v4']],
      ['b', ['v2', 'v3']],
    ]);
  });
});

describe('relayOnce', () => {
  it('given waiting rows, when relayed, then they are published in id order and deleted', async () => {
    const store = memoryStore([row(2), row(1), row(3)]);
    const producer = fakeProducer();
    expect(await relayOnce(store, producer, 10)).toEqual({ status: 'drained', count: 3 });
    expect(producer.sent.map((s) => s.value)).toEqual(['v1', 'v2', 'v3']);
    expect(store.table).toHaveLength(0);
  });

  it('given the broker refuses, when relayed, then nothing is deleted and the error is retriable', async () => {
    const store = memoryStore([row(1), row(2)]);
    await expect(relayOnce(store, fakeProducer(1), 10)).rejects.toMatchObject({ name: 'RelayPublishError', retriable: true });
    expect(store.table.map((r) => r.id)).toEqual([1, 2]);
  });

  it('given a crash between publish and delete, when relayed again, then the same event ids are re-published in the same order', async () => {
    let crash = true;
    const store = memoryStore([row(1), row(2)], { crashBeforeDelete: () => (crash ? ((crash = false), true) : false) });
    const producer = fakeProducer();
    await expect(relayOnce(store, producer, 10)).rejects.toThrow(/before delete/);
    await relayOnce(store, producer, 10);
    expect(producer.sent.map((s) => s.id)).toEqual(['e1', 'e2', 'e1', 'e2']);
    expect(new Set(producer.sent.map((s) => s.id)).size).toBe(2); // what a consumer deduping by event id keeps
  });

  it('given a round of rows bigger than one Kafka batch may be, when relayed, then they go in sends under the byte limit, in id order, and are all deleted', async () => {
    // A broker that refuses a send above 1 000 bytes, like Kafka's MESSAGE_TOO_LARGE above max.message.bytes.
    const big = (id: number): OutboxRow => ({ ...row(id, 'dlq.match'), value: Buffer.alloc(300, id) });
    const store = memoryStore(Array.from({ length: 10 }, (_, i) => big(i + 1)));
    const sends: number[] = [];
    const producer = {
      async sendBatch(batch: { topicMessages: TopicMessages[] }) {
        const bytes = batch.topicMessages.flatMap((t) => t.messages).reduce((n, m) => n + m.value!.length, 0);
        if (bytes > 1_000) throw new Error('The request included a message larger than the max message size the server will accept');
        sends.push(...batch.topicMessages.flatMap((t) => t.messages.map((m) => m.value![0]!)));
      },
    };
    await expect(relayOnce(memoryStore([big(1), big(2), big(3), big(4)]), producer, 500, 10_000)).rejects.toThrow(/larger than the max message size/);
    expect(await relayOnce(store, producer, 500, 900)).toEqual({ status: 'drained', count: 10 });
    expect(sends).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(store.table).toHaveLength(0);
  });

  it('given rows and a byte limit, when split, then each part stays under it except a single row bigger than the limit', () => {
    const sized = (id: number, bytes: number): OutboxRow => ({ id, topic: 't', key: null, value: Buffer.alloc(bytes), headers: {} });
    const parts = splitBySize([sized(3, 40), sized(1, 60), sized(2, 50), sized(4, 200), sized(5, 10)], 100);
    expect(parts.map((p) => p.map((r) => r.id))).toEqual([[1], [2, 3], [4], [5]]);
  });

  it('given another relay holds the lock, when relayed, then it reports busy and publishes nothing', async () => {
    const producer = fakeProducer();
    expect(await relayOnce(memoryStore([row(1)], { busy: () => true }), producer, 10)).toEqual({ status: 'busy' });
    expect(producer.sent).toHaveLength(0);
  });
});

describe('createOutboxRelay', () => {
  it('given more rows than a batch, when running, then it publishes them all in order without waiting for the poll', async () => {
    const store = memoryStore(Array.from({ length: 25 }, (_, i) => row(i + 1)));
    const producer = fakeProducer();
    const relay = createOutboxRelay({ store, producer, batchSize: 10, pollIntervalMs: 60_000 });
    relay.start();
    await until(() => producer.sent.length === 25);
    expect(producer.sent.map((s) => s.id)).toEqual(Array.from({ length: 25 }, (_, i) => `e${i + 1}`));
    await relay.stop();
  });

  it('given a failing broker, when it recovers, then the relay retries with backoff and publishes each row once', async () => {
    const store = memoryStore([row(1), row(2)]);
    const producer = fakeProducer(3);
    const errors: number[] = [];
    const relay = createOutboxRelay({ store, producer, pollIntervalMs: 60_000, retryBaseMs: 1, retryMaxMs: 4, onError: (_, n) => errors.push(n) });
    relay.start();
    await until(() => producer.sent.length === 2);
    expect(errors).toEqual([1, 2, 3]);
    expect(relay.health()).toMatchObject({ consecutiveFailures: 0, lastError: null, published: 2 });
    await relay.stop();
  });

  it('given an idle relay, when woken after a commit, then it publishes at once rather than after the poll period', async () => {
    const store = memoryStore([]);
    const producer = fakeProducer();
    const relay = createOutboxRelay({ store, producer, pollIntervalMs: 60_000 });
    relay.start();
    await new Promise((r) => setTimeout(r, 10));
    store.table.push(row(7));
    relay.wake();
    await until(() => producer.sent.length === 1);
    await relay.stop();
  });

  it('given rows written just before shutdown, when stopped, then they are flushed before stop resolves', async () => {
    const store = memoryStore([]);
    const producer = fakeProducer();
    const relay = createOutboxRelay({ store, producer, pollIntervalMs: 60_000 });
    relay.start();
    await new Promise((r) => setTimeout(r, 10));
    store.table.push(row(1), row(2));
    expect(await relay.stop()).toEqual({ left: 'none' });
    expect(producer.sent.map((s) => s.id)).toEqual(['e1', 'e2']);
  });
});
