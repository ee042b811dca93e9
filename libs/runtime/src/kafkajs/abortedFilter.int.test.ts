import { collectTopic, createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { describe, expect, it } from 'vitest';

const env = stackEnv(process.env);

// Run 12 of the fault suite on a real broker: two transactions on one partition, the one that started later
// aborted first. The broker lists aborted transactions in abort order, so a kafkajs consumer without
// patches/kafkajs+2.2.4.patch handed over the first transaction's records although it was aborted.
describe('a read_committed kafkajs consumer', () => {
  it('skips an aborted transaction that the broker lists after one that started later', async () => {
    const kafka = testKafka(env.kafkaBrokers);
    const topic = uniqueName('aborted');
    await createTopics(kafka, [topic], 1);
    const producer = (id: string) => kafka.producer({ transactionalId: uniqueName(id), idempotent: true, maxInFlightRequests: 1 });
    const [first, second, plain] = [producer('first'), producer('second'), kafka.producer()];
    await Promise.all([first.connect(), second.connect(), plain.connect()]);
    const send = (value: string) => ({ topic, messages: [{ partition: 0, value }] });

    await plain.send(send('before')); // offset 0, once the new partition has a leader (the plain producer retries)
    const started = await first.transaction();
    await started.send(send('first, aborted last')); // offset 1
    const later = await second.transaction();
    await later.send(send('second, aborted first')); // offset 2
    await later.abort();
    await started.abort();
    await plain.send(send('committed'));

    const out = await collectTopic(kafka, topic);
    await waitFor(() => out.messages.some((m) => m.message.value?.toString() === 'committed'), { description: 'the committed record' });
    expect(out.messages.map((m) => m.message.value?.toString())).toEqual(['before', 'committed']);
    await out.stop();
    await Promise.all([first.disconnect(), second.disconnect(), plain.disconnect()]);
  });
});
