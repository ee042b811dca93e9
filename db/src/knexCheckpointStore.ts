import type { Knex } from 'knex';

/**
 * The projector's checkpoint store on PostgreSQL (structurally the runtime's `CheckpointStore<Knex.Transaction>`).
 * `applyBatch` locks the partition's checkpoint row (`SELECT ... FOR UPDATE`), so two projector instances
 * that briefly both hold a partition during a rebalance apply a batch one after the other, and the second
 * finds nothing left to apply.
 */
export function createKnexCheckpointStore(db: Knex, projection: string) {
  return {
    async nextOffset(topic: string, partition: number): Promise<string | undefined> {
      const row = await db('projection_checkpoints').where({ projection, topic, partition }).first('next_offset');
      return row ? String(row.next_offset) : undefined;
    },

    async applyBatch(
      input: { topic: string; partition: number; lastOffset: string; count: number },
      apply: (tx: Knex.Transaction, fromOffset: bigint) => Promise<void>,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const key = { projection, topic: input.topic, partition: input.partition };
        await tx('projection_checkpoints').insert({ ...key, next_offset: 0 }).onConflict(['projection', 'topic', 'partition']).ignore();
        const row = await tx('projection_checkpoints').where(key).forUpdate().first('next_offset');
        const from = BigInt(row?.next_offset ?? 0);
        const next = BigInt(input.lastOffset) + 1n;
        if (next <= from) return; // the whole batch was applied before: a redelivery
        await apply(tx, from);
        await tx('projection_checkpoints')
          .where(key)
          .update({ next_offset: next.toString(), events_applied: tx.raw('events_applied + ?', [input.count]), updated_at: tx.fn.now() });
      });
    },
  };
}
