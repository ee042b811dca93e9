import { collectTopic, createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { describe, expect, it } from 'vitest';
import { isFenced, TransactionalProducers } from './transactionalProducers.js';

const env = stackEnv(process.env);

// Zombie fencing without KIP-447: two instances that both believe they own input partition 0 use the same
// per-partition transactional id. The newer one's InitProducerId aborts the zombie's open transaction and
// fences it; the zombie's commit fails, and nothing it wrote becomes visible.
describe('per-partition transactional ids fence a zombie', () => {
  it('the zombie cannot commit once the new owner initialised the same transactional id', async () => {
    const kafka = testKafka(env.kafkaBrokers);
    const [input, output, groupId, prefix] = [uniqueName('in'), uniqueName('out'), uniqueName('group'), uniqueName('tx')];
    await createTopics(kafka, [input, output], 1);
    const options = { transactionalIdPrefix: prefix, transactionTimeoutMs: 30_000 };
    const zombie = new TransactionalProducers(testKafka(env.kafkaBrokers), options);
    const owner = new TransactionalProducers(testKafka(env.kafkaBrokers), options);
    const msg = (text: string) => ({ topic: output, key: Buffer.from('k'), value: Buffer.from(text), headers: {} });
    const at = (nextOffset: string) => ({ topic: input, partition: 0, nextOffset, groupId });

    await zombie.commit(at('1'), [msg('zombie-before-rebalance')]);
    let zombieError: unknown;
    try {
      // The zombie has sent its outputs and offsets; before it commits, the partition's new owner starts.
      await zombie.commit(at('2'), [msg('zombie-after-rebalance')], () => owner.commit(at('2'), [msg('owner')]));
    } catch (error) {
      zombieError = error;
    }
    expect(isFenced(zombieError), `zombie commit failed with ${String(zombieError)}`).toBe(true);

    const out = await collectTopic(kafka, output);
    await waitFor(() => out.messages.length >= 2, { description: 'committed outputs' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(out.messages.map((m) => m.message.value?.toString()).sort()).toEqual(['owner', 'zombie-before-rebalance']);
    await out.stop();

    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
    await admin.disconnect();
    expect(offsets!.partitions[0]!.offset).toBe('2');
    await Promise.all([zombie.disconnectAll(), owner.disconnectAll()]);
  });
});
