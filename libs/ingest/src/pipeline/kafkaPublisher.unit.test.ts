import { describe, expect, it } from 'vitest';
import { PublishError } from '../errors.js';
import { createKafkaPublisher, type BatchProducer } from './kafkaPublisher.js';

const msg = (key: string) => ({ key, value: Buffer.from(key), headers: {} });

function controllableProducer() {
  const calls: Array<{ batch: Parameters<BatchProducer['sendBatch']>[0]; finish: (error?: Error) => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const producer: BatchProducer = {
    sendBatch: (batch) => new Promise((resolve, reject) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      calls.push({ batch, finish: (error) => { inFlight -= 1; if (error) reject(error); else resolve(undefined); } });
    }),
  };
  return { producer, calls, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createKafkaPublisher', () => {
  it('given concurrent publishes, when one send is in flight, then the others are folded into the next single send with acks=all', async () => {
    const { producer, calls, maxInFlight } = controllableProducer();
    const publisher = createKafkaPublisher(producer);
    const first = publisher.publish('t1', [msg('a')]);
    await tick();
    const second = publisher.publish('t1', [msg('b')]);
    const third = publisher.publish('t2', [msg('c')]);
    calls[0]!.finish();
    await first;
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch).toEqual({ acks: -1, topicMessages: [{ topic: 't1', messages: [msg('b')] }, { topic: 't2', messages: [msg('c')] }] });
    calls[1]!.finish();
    await Promise.all([second, third]);
    expect(maxInFlight()).toBe(1);
  });

  it('given the broker never answers, when the deadline passes, then rejects with a retriable PublishError', async () => {
    const { producer } = controllableProducer();
    const publisher = createKafkaPublisher(producer, { timeoutMs: 20 });
    const error = await publisher.publish('t', [msg('a')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).retriable).toBe(true);
  });

  it('given a send fails, when published, then that publish rejects and the next one is sent', async () => {
    const { producer, calls } = controllableProducer();
    const publisher = createKafkaPublisher(producer);
    const failed = publisher.publish('t', [msg('a')]);
    await tick();
    calls[0]!.finish(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(failed).rejects.toThrow(/NOT_ENOUGH_REPLICAS/);
    const next = publisher.publish('t', [msg('b')]);
    await tick();
    calls[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });
});
