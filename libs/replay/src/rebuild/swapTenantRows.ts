import type { Knex } from 'knex';
import { SwapNotReadyError } from '../errors.js';
import { checkpointsReached } from './checkpointsReached.js';
import { readCheckpoints, type SwapOptions } from './swapReadModels.js';

export interface TenantSwapOptions extends Omit<SwapOptions, 'retiredSchema'> {
  tenant: string;
}

/**
 * A tenant's rebuild goes in: in ONE PostgreSQL transaction, that tenant's rows of every projected table are
 * deleted from the live schema and the shadow's (which holds only that tenant's rows) inserted. Other
 * tenants' rows, the tables themselves and the live checkpoints are not touched, so a tenant can rebuild
 * its read models without any effect on another's (issue #14). Readers see the old or the new rows (MVCC).
 *
 * Locks, in the order the full swap takes them (no deadlock with the projectors): the live checkpoints
 * (the live projector pauses), the live tables in EXCLUSIVE mode (reads go on, writes such as an alert
 * acknowledgement wait, so none is lost between the carry-over and the delete), then the shadow's
 * checkpoints once it has applied at least what the live model has. The shadow may be ahead of the live
 * checkpoints: the live projector then applies those events again after the swap, which changes nothing
 * (every write is idempotent by event id, version or dedup table; see @rivulet/projections).
 */
export async function swapTenantRows(db: Knex, options: TenantSwapOptions): Promise<{ rows: Record<string, number> }> {
  const { liveSchema: live, shadowSchema: shadow, projection, tenant } = options;
  const qualified = (schema: string, tables: readonly string[]) => tables.map((t) => `"${schema}"."${t}"`).join(', ');
  try {
    return await db.transaction(async (tx) => {
      await tx.raw(`set local lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs ?? 10_000))}`);
      await tx.raw('lock table ??.projection_checkpoints in exclusive mode', [live]);
      await tx.raw(`lock table ${qualified(live, options.tables)} in exclusive mode`);
      const liveCheckpoints = await readCheckpoints(tx, live, projection, options.topics);
      const deadline = Date.now() + (options.catchUpTimeoutMs ?? 30_000);
      while (!checkpointsReached(await readCheckpoints(db, shadow, projection, options.topics), liveCheckpoints)) {
        if (Date.now() > deadline) throw new SwapNotReadyError('the shadow did not reach the live checkpoints in time; the live projector was released, will try again');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await tx.raw('lock table ??.projection_checkpoints in exclusive mode', [shadow]);
      for (const c of options.carryOver) {
        const set = c.columns.map((col) => `"${col}" = l."${col}"`).join(', ');
        const on = c.key.map((k) => `s."${k}" = l."${k}"`).join(' and ');
        await tx.raw(`update "${shadow}"."${c.table}" s set ${set} from "${live}"."${c.table}" l where ${on} and l.tenant_id = ?`, [tenant]);
      }
      const rows: Record<string, number> = {};
      for (const table of options.tables) {
        const columns = await insertableColumns(tx, live, table);
        const list = columns.map((c) => `"${c}"`).join(', ');
        await tx.raw('delete from ??.?? where tenant_id = ?', [live, table, tenant]);
        const inserted = await tx.raw(`insert into "${live}"."${table}" (${list}) select ${list} from "${shadow}"."${table}" where tenant_id = ?`, [tenant]);
        rows[table] = (inserted as { rowCount: number }).rowCount;
      }
      await options.inTransaction?.(tx);
      return { rows };
    });
  } catch (error) {
    // 55P03 lock_not_available: a long projector batch or acknowledgement held a table longer than lock_timeout.
    if ((error as { code?: string }).code === '55P03') throw new SwapNotReadyError('could not lock the read-model tables in time; will try again', error);
    throw error;
  }
}

/** The live table's columns by name (not position: a column added later sits elsewhere), generated ones left out. */
async function insertableColumns(tx: Knex.Transaction, schema: string, table: string): Promise<string[]> {
  const result = await tx.raw(
    `select column_name from information_schema.columns
     where table_schema = ? and table_name = ? and is_generated = 'NEVER' and coalesce(identity_generation, '') <> 'ALWAYS'
     order by ordinal_position`,
    [schema, table],
  );
  return (result as { rows: { column_name: string }[] }).rows.map((r) => r.column_name);
}
