import type { Knex } from 'knex';
import type { OutboxMessage, OutboxRow } from './outboxMessage.js';
import type { DrainResult, OutboxStore } from './relayOnce.js';

/** Default table name; apps pass their own (`match_outbox`) so each app's relay drains only its rows. */
export const DEFAULT_OUTBOX_TABLE = 'outbox';

/**
 * Appends events to the outbox inside the caller's transaction: they become visible (and publishable)
 * exactly when the state they describe commits, and vanish with it on rollback.
 */
export async function writeOutbox(tx: Knex | Knex.Transaction, messages: readonly OutboxMessage[], table = DEFAULT_OUTBOX_TABLE): Promise<void> {
  if (messages.length === 0) return;
  // One multi-row insert keeps the ids of one transaction contiguous and in the given order.
  await tx(table).insert(messages.map((m) => ({ topic: m.topic, key: m.key, value: m.value, headers: JSON.stringify(m.headers) })));
}

/**
 * The relay's PostgreSQL side. Leadership per outbox table is a transaction-scoped advisory lock
 * (`pg_try_advisory_xact_lock`), held while one batch is published and deleted: only one relay publishes
 * at a time, so rows leave in id order. Per key, id order is commit order as long as writers of one key
 * serialise (the match app holds a per-tenant lock), since a bigserial id is taken at insert time.
 * The lock key includes current_schema(), so shadow schemas (tests, rebuilds) do not contend.
 */
export function createKnexOutboxStore(db: Knex, table = DEFAULT_OUTBOX_TABLE): OutboxStore {
  return {
    async drain(limit, publish): Promise<DrainResult> {
      return db.transaction(async (tx) => {
        const locked = await tx.raw(`select pg_try_advisory_xact_lock(hashtext('rivulet.outbox'), hashtext(current_schema() || '.' || ?)) as ok`, [table]);
        if (!locked.rows[0]?.ok) return { status: 'busy' } as const;
        const rows = (await tx(table).select('id', 'topic', 'key', 'value', 'headers').orderBy('id').limit(limit)) as {
          id: number | string;
          topic: string;
          key: string | null;
          value: Buffer | null;
          headers: Record<string, string> | string | null;
        }[];
        if (rows.length === 0) return { status: 'drained', count: 0 } as const;
        const parsed: OutboxRow[] = rows.map((r) => ({
          id: Number(r.id),
          topic: r.topic,
          key: r.key,
          value: r.value,
          headers: typeof r.headers === 'string' ? (JSON.parse(r.headers) as Record<string, string>) : (r.headers ?? {}),
        }));
        await publish(parsed);
        await tx(table).whereIn('id', parsed.map((r) => r.id)).del();
        return { status: 'drained', count: parsed.length } as const;
      });
    },
    async backlog() {
      const [row] = await db(table).count<{ count: string | number }[]>('* as count');
      return Number(row?.count ?? 0);
    },
  };
}

/** The outbox table, for migrations: `createOutboxTable(knex, 'match_outbox')`. */
export function createOutboxTable(knex: Knex, table = DEFAULT_OUTBOX_TABLE): Knex.SchemaBuilder {
  return knex.schema.createTable(table, (t) => {
    t.bigIncrements('id').primary();
    t.text('topic').notNullable();
    t.text('key').nullable();
    t.binary('value').nullable();
    t.jsonb('headers').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}
