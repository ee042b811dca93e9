import type { Knex } from 'knex';
import { SwapNotReadyError } from '../errors.js';
import { checkpointsReached, type Checkpoint } from './checkpointsReached.js';

export interface SwapOptions {
  liveSchema: string;
  shadowSchema: string;
  /** Where the replaced live tables go (kept for inspection or a manual swap back). */
  retiredSchema: string;
  projection: string;
  topics: readonly string[];
  tables: readonly string[];
  /** Columns the API writes into projected tables (alert acknowledgements): copied from live into the shadow. */
  carryOver: readonly { table: string; key: readonly string[]; columns: readonly string[] }[];
  /** How long to wait for a lock (PostgreSQL lock_timeout) and for the shadow to reach the live checkpoints. */
  lockTimeoutMs?: number;
  catchUpTimeoutMs?: number;
  /** Runs inside the swap's transaction (marks the job done atomically with the swap). */
  inTransaction?: (tx: Knex.Transaction) => Promise<void>;
}

/**
 * Swaps the shadow's tables in, in ONE PostgreSQL transaction: readers see either all old or all new tables.
 *
 * Per table, not per schema: the live schema also holds state that is not rebuilt from Kafka (API keys,
 * audit log, PII keys, match state), so `ALTER TABLE ... SET SCHEMA` moves each projected table (with its
 * indexes, constraints, RLS policies and grants) live → retired and shadow → live. Order of locks, to avoid
 * deadlocks with the projectors (which lock their checkpoint row first, then write tables): live checkpoints,
 * live tables, shadow checkpoints, shadow tables.
 *
 * Holding the live checkpoint lock pauses the live projector; meanwhile the still-running shadow projector
 * is awaited until it has applied at least what the live model has. The live checkpoints of `projection`
 * are then replaced by the shadow's, so the live projector (whose queued batch starts after our commit)
 * resumes exactly where the new tables are: nothing skipped, nothing applied twice.
 */
export async function swapReadModels(db: Knex, options: SwapOptions): Promise<{ checkpoints: Checkpoint[] }> {
  const { liveSchema: live, shadowSchema: shadow, retiredSchema: retired, projection } = options;
  const qualified = (schema: string, tables: readonly string[]) => tables.map((t) => `"${schema}"."${t}"`).join(', ');
  try {
    return await db.transaction(async (tx) => {
      await tx.raw(`set local lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs ?? 10_000))}`);
      await tx.raw('lock table ??.projection_checkpoints in exclusive mode', [live]);
      await tx.raw(`lock table ${qualified(live, options.tables)} in access exclusive mode`);
      const liveCheckpoints = await readCheckpoints(tx, live, projection, options.topics);
      const deadline = Date.now() + (options.catchUpTimeoutMs ?? 30_000);
      while (!checkpointsReached(await readCheckpoints(db, shadow, projection, options.topics), liveCheckpoints)) {
        if (Date.now() > deadline) throw new SwapNotReadyError('the shadow did not reach the live checkpoints in time; the live projector was released, will try again');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Waits for the shadow projector's in-flight batch, then keeps it out: the shadow stops moving.
      await tx.raw('lock table ??.projection_checkpoints in exclusive mode', [shadow]);
      await tx.raw(`lock table ${qualified(shadow, options.tables)} in access exclusive mode`);
      const checkpoints = await readCheckpoints(tx, shadow, projection, options.topics);
      for (const c of options.carryOver) {
        const set = c.columns.map((col) => `"${col}" = l."${col}"`).join(', ');
        const on = c.key.map((k) => `s."${k}" = l."${k}"`).join(' and ');
        await tx.raw(`update "${shadow}"."${c.table}" s set ${set} from "${live}"."${c.table}" l where ${on}`);
      }
      await tx.raw('create schema ??', [retired]);
      for (const table of options.tables) {
        await tx.raw('alter table ??.?? set schema ??', [live, table, retired]);
        await tx.raw('alter table ??.?? set schema ??', [shadow, table, live]);
      }
      await tx.withSchema(live).table('projection_checkpoints').where({ projection }).whereIn('topic', [...options.topics]).delete();
      await tx.raw(
        `insert into ??.projection_checkpoints (projection, topic, partition, next_offset, events_applied, updated_at)
         select projection, topic, partition, next_offset, events_applied, now() from ??.projection_checkpoints where projection = ?`,
        [live, shadow, projection],
      );
      await options.inTransaction?.(tx);
      return { checkpoints };
    });
  } catch (error) {
    // 55P03 lock_not_available: readers or a long projector batch held a table longer than lock_timeout.
    if ((error as { code?: string }).code === '55P03') throw new SwapNotReadyError('could not lock the read-model tables in time; will try again', error);
    throw error;
  }
}

export async function readCheckpoints(q: Knex | Knex.Transaction, schema: string, projection: string, topics: readonly string[]): Promise<Checkpoint[]> {
  const rows = (await q.withSchema(schema).table('projection_checkpoints').where({ projection }).whereIn('topic', [...topics])
    .select('topic', 'partition', 'next_offset')) as { topic: string; partition: number; next_offset: number | string }[];
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: BigInt(r.next_offset) }));
}
