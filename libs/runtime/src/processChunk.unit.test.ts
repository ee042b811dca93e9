import { describe, expect, it } from 'vitest';
import type { Codec } from './codec.js';
import { DLQ_HEADERS, type RawMessage } from './deadLetter.js';
import { emit, poison, skip } from './decision.js';
import { RetriesExhaustedError, TransientError } from './errors.js';
import type { Handler } from './handler.js';
import { processChunk } from './processChunk.js';

// A JSON codec stands in for Avro here: these tests are about the runtime's decisions, not the wire format.
const jsonCodec: Codec = {
  async decode(message) {
    if (message[0] !== 0x7b) throw Object.assign(new Error('not a framed event'), { retriable: false });
    return { value: JSON.parse(message.toString('utf8')), schemaId: 1 };
  },
  async encode(_subject, value) {
    return Buffer.from(JSON.stringify(value));
  },
};

const message = (offset: number, value: string | null): RawMessage => ({
  topic: 'in',
  partition: 0,
  offset: String(offset),
  timestamp: 0,
  key: Buffer.from(`k${offset}`),
  value: value === null ? null : Buffer.from(value),
  headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
});

const deps = (handler: Handler, codec = jsonCodec) => ({
  app: 'test',
  consumerGroup: 'g',
  codec,
  handler,
  ctx: { now: new Date('2026-01-01T00:00:00Z'), app: 'test', lookups: undefined },
  backoff: { initialMs: 1, maxMs: 2, factor: 2, retries: 2 },
});

const upper: Handler = (record) => {
  const value = record.value as { n: number; s: string };
  return emit({ topic: 'out', key: record.key, value: { ...value, s: value.s.toUpperCase() } });
};

describe('processChunk', () => {
  it('emits one encoded output per input, keyed like the input', async () => {
    const outcome = await processChunk([message(0, '{"n":0,"s":"a"}'), message(1, '{"n":1,"s":"b"}')], deps(upper));
    expect(outcome.emitted).toBe(2);
    expect(outcome.messages.map((m) => [m.topic, m.key?.toString(), m.value?.toString()])).toEqual([
      ['out', 'k0', '{"n":0,"s":"A"}'],
      ['out', 'k1', '{"n":1,"s":"B"}'],
    ]);
  });

  it('dead-letters an undecodable record with its reason and origin, and goes on with the next', async () => {
    const outcome = await processChunk(
      [message(0, '{"n":0,"s":"a"}'), message(1, 'garbage'), message(2, '{"n":2,"s":"c"}')],
      deps(upper),
    );
    expect(outcome.deadLettered).toBe(1);
    const dead = outcome.messages.find((m) => m.topic === 'dlq.test');
    expect(dead?.value?.toString()).toBe('garbage');
    expect(dead?.headers[DLQ_HEADERS.error]).toBe('not a framed event');
    expect(dead?.headers[DLQ_HEADERS.originOffset]).toBe('1');
    expect(dead?.headers[DLQ_HEADERS.originTopic]).toBe('in');
    expect(dead?.headers.traceparent).toBeDefined();
    expect(outcome.messages.filter((m) => m.topic === 'out')).toHaveLength(2);
  });

  it('dead-letters a poison decision and a handler bug, but not a skip', async () => {
    const handler: Handler = (record) => {
      const { n } = record.value as { n: number };
      if (n === 0) return poison('unmappable status');
      if (n === 1) throw new TypeError('cannot read properties of undefined');
      return skip('not relevant');
    };
    const outcome = await processChunk([message(0, '{"n":0}'), message(1, '{"n":1}'), message(2, '{"n":2}')], deps(handler));
    expect(outcome.deadLetterReasons).toEqual(['unmappable status', 'cannot read properties of undefined']);
    expect(outcome.skipped).toBe(1);
  });

  it('retries a transient handler failure and then succeeds', async () => {
    let calls = 0;
    const flaky: Handler = (record, ctx) => {
      calls += 1;
      if (calls < 3) throw new TransientError('database unavailable');
      return upper(record, ctx);
    };
    const outcome = await processChunk([message(0, '{"n":0,"s":"a"}')], deps(flaky));
    expect(outcome.emitted).toBe(1);
    expect(outcome.deadLettered).toBe(0);
  });

  it('throws (so the chunk is redelivered) instead of dead-lettering when a dependency stays down', async () => {
    const registryDown: Codec = {
      decode: async () => {
        throw new TransientError('registry unavailable');
      },
      encode: jsonCodec.encode,
    };
    await expect(processChunk([message(0, '{"n":0,"s":"a"}')], deps(upper, registryDown))).rejects.toBeInstanceOf(
      RetriesExhaustedError,
    );
  });

  it('redelivers instead of dead-lettering when an output cannot be encoded for a retriable reason (subject not loaded yet)', async () => {
    const subjectMissing: Codec = {
      decode: jsonCodec.decode,
      encode: async (subject) => {
        throw Object.assign(new Error(`subject "${subject}" has no registered schema`), { retriable: true });
      },
    };
    await expect(processChunk([message(0, '{"n":0,"s":"a"}')], deps(upper, subjectMissing))).rejects.toBeInstanceOf(RetriesExhaustedError);
  });

  it('dead-letters a tombstone where an event was expected', async () => {
    const outcome = await processChunk([message(0, null)], deps(upper));
    expect(outcome.deadLetterReasons[0]).toMatch(/tombstone/);
  });
  it('handles records concurrently when asked, yet keeps outputs and dead letters in input order', async () => {
    let inFlight = 0;
    let most = 0;
    // Later records finish first: the outcome must still follow the input order.
    const slow: Handler = async (record, ctx) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 40 - 10 * Number(record.offset)));
      inFlight -= 1;
      return upper(record, ctx);
    };
    const input = [message(0, '{"n":0,"s":"a"}'), message(1, 'garbage'), message(2, '{"n":2,"s":"c"}'), message(3, '{"n":3,"s":"d"}')];
    const outcome = await processChunk(input, { ...deps(slow), concurrency: 4 });
    expect(most).toBeGreaterThan(1);
    expect(outcome.messages.map((m) => [m.topic, m.key?.toString()])).toEqual([['out', 'k0'], ['dlq.test', 'k1'], ['out', 'k2'], ['out', 'k3']]);
    expect(outcome.emitted).toBe(3);
    expect(outcome.deadLettered).toBe(1);
  });

  it('still throws for redelivery when one of the concurrently handled records cannot reach a dependency', async () => {
    const downFor1: Handler = (record, ctx) => {
      if (record.offset === '1') throw new TransientError('database unavailable');
      return upper(record, ctx);
    };
    const input = [message(0, '{"n":0,"s":"a"}'), message(1, '{"n":1,"s":"b"}'), message(2, '{"n":2,"s":"c"}')];
    await expect(processChunk(input, { ...deps(downFor1), concurrency: 3 })).rejects.toBeInstanceOf(RetriesExhaustedError);
  });

  describe('with a chunk preparer', () => {
    const chunk = () => [message(0, '{"n":0,"s":"a"}'), message(1, 'garbage'), message(2, null), message(3, '{"n":3,"s":"d"}')];

    it('hands it every record that decoded, once, before any is handled; each value is decoded only once', async () => {
      let decodes = 0;
      const counting: Codec = { ...jsonCodec, decode: async (m) => (decodes++, jsonCodec.decode(m)) };
      const order: string[] = [];
      const handler: Handler = (record) => (order.push(`handle ${record.offset}`), upper(record, deps(upper).ctx));
      const outcome = await processChunk(chunk(), {
        ...deps(handler, counting),
        prepare: async (records) => void order.push(`prepare ${records.map((r) => `${r.offset}:${(r.value as { s: string }).s}`).join(',')}`),
      });
      expect(order).toEqual(['prepare 0:a,3:d', 'handle 0', 'handle 3']);
      expect(decodes).toBe(3); // the tombstone has nothing to decode
      // The undecodable record and the tombstone are dead-lettered as without a preparer.
      expect(outcome.deadLetterReasons).toEqual(['not a framed event', 'record has no value (tombstone) where an event was expected']);
      expect(outcome.messages.filter((m) => m.topic === 'out').map((m) => m.value?.toString())).toEqual(['{"n":0,"s":"A"}', '{"n":3,"s":"D"}']);
    });

    it('ignores a preparer that fails for good: the records are handled as without it', async () => {
      const outcome = await processChunk(chunk(), { ...deps(upper), prepare: async () => Promise.reject(new TypeError('warm-up bug')) });
      expect(outcome.emitted).toBe(2);
      expect(outcome.deadLettered).toBe(2);
    });

    it('retries a preparer whose dependency is down, and aborts the chunk when it stays down', async () => {
      let calls = 0;
      const flaky = async () => {
        if (++calls < 2) throw new TransientError('key store unavailable');
      };
      expect((await processChunk(chunk(), { ...deps(upper), prepare: flaky })).emitted).toBe(2);
      expect(calls).toBe(2);
      const down = async () => Promise.reject(new TransientError('key store unavailable'));
      await expect(processChunk(chunk(), { ...deps(upper), prepare: down })).rejects.toBeInstanceOf(RetriesExhaustedError);
    });
  });
});
