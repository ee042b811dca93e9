import { describe, expect, it } from 'vitest';
import { createRenewingProducer } from './renewingProducer.js';

/**
 * A stand-in for kafkajs's idempotent producer with the behaviour that stopped the match relay: once a send
 * failed, this producer refuses every later send (OUT_OF_ORDER_SEQUENCE_NUMBER); a new producer is fine.
 */
function brokenAfterFailure(failures: { connect?: number; send?: number }) {
  const created: { id: number; connected: boolean; poisoned: boolean; disconnected: boolean }[] = [];
  const sent: { producer: number; batch: string }[] = [];
  let connectFailures = failures.connect ?? 0;
  let sendFailures = failures.send ?? 0;
  const create = () => {
    const state = { id: created.length + 1, connected: false, poisoned: false, disconnected: false };
    created.push(state);
    return {
      async connect() {
        if (connectFailures-- > 0) throw new Error('Connection error: connect ECONNREFUSED');
        state.connected = true;
      },
      async disconnect() {
        state.disconnected = true;
      },
      async sendBatch(batch: string) {
        if (!state.connected || state.disconnected) throw new Error('producer not connected');
        if (state.poisoned) throw new Error('The broker received an out of order sequence number');
        if (sendFailures-- > 0) {
          state.poisoned = true;
          throw new Error('Messages are rejected since there are fewer in-sync replicas than required');
        }
        sent.push({ producer: state.id, batch });
      },
    };
  };
  return { create, created, sent };
}

describe('createRenewingProducer', () => {
  it('given a send failed and left the producer refusing every later send, when the rows are sent again, then a fresh producer publishes them', async () => {
    const kafka = brokenAfterFailure({ send: 1 });
    const renewed: string[] = [];
    const producer = createRenewingProducer(kafka.create, { onRenew: (e) => renewed.push((e as Error).message) });
    await producer.connect();

    await expect(producer.sendBatch('rows 1-150')).rejects.toThrow(/fewer in-sync replicas/);
    await producer.sendBatch('rows 1-208');
    await producer.sendBatch('rows 209-300');

    expect(kafka.sent).toEqual([{ producer: 2, batch: 'rows 1-208' }, { producer: 2, batch: 'rows 209-300' }]);
    expect(kafka.created.map((p) => p.disconnected)).toEqual([true, false]);
    expect(renewed).toEqual(['Messages are rejected since there are fewer in-sync replicas than required']);
  });

  it('given sends that succeed, when sending many batches, then one producer sends them all', async () => {
    const kafka = brokenAfterFailure({});
    const producer = createRenewingProducer(kafka.create);
    for (const batch of ['a', 'b', 'c']) await producer.sendBatch(batch);
    expect(kafka.created).toHaveLength(1);
    expect(kafka.sent.map((s) => s.batch)).toEqual(['a', 'b', 'c']);
  });

  it('given Kafka unreachable at a send, when it comes back, then the next send connects a new producer and publishes', async () => {
    const kafka = brokenAfterFailure({ connect: 2 });
    const producer = createRenewingProducer(kafka.create);
    await expect(producer.sendBatch('x')).rejects.toThrow(/ECONNREFUSED/);
    await expect(producer.sendBatch('x')).rejects.toThrow(/ECONNREFUSED/);
    await producer.sendBatch('x');
    expect(kafka.sent).toEqual([{ producer: 3, batch: 'x' }]);
    expect(kafka.created.map((p) => p.disconnected)).toEqual([true, true, false]);
  });

  it('given a connected producer, when disconnected, then that producer is closed and a later send starts a new one', async () => {
    const kafka = brokenAfterFailure({});
    const producer = createRenewingProducer(kafka.create);
    await producer.sendBatch('a');
    await producer.disconnect();
    expect(kafka.created[0]!.disconnected).toBe(true);
    await producer.sendBatch('b');
    expect(kafka.sent).toEqual([{ producer: 1, batch: 'a' }, { producer: 2, batch: 'b' }]);
  });
});
