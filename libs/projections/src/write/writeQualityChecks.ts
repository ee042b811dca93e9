import type { Knex } from 'knex';
import type { QualityCheckRow } from '../rows/qualityRows.js';
import { qualityWindowContributions, type QualityWindowContribution, type WindowedVerdict } from '../rows/qualityWindowContributions.js';
import { chunked } from './insertRows.js';

type Place = { result_time: string | number | null; result_partition: number | null; result_offset: string | number | null };
type StoredVerdict = WindowedVerdict & Place & { event_id: string; in_windows: boolean };

const STORED_COLUMNS = [
  'event_id', 'tenant_id', 'record_event_id', 'source_system', 'entity', 'event_time', 'status', 'score', 'failed_checks', 'passed_checks',
  'window_failed_checks', 'field_presence', 'invalid', 'duplicate', 'result_time', 'result_partition', 'result_offset', 'in_windows',
];

const recordKey = (r: { tenant_id: string; record_event_id: string }) => `${r.tenant_id}\u0000${r.record_event_id}`;

/**
 * Whether verdict `a` comes after `b` in quality.results: by Kafka timestamp, then partition and offset. A
 * total order read from the log, so the live model and a rebuild from offset 0 keep the same verdict whatever
 * order partitions are consumed in. One record's verdicts share its key (a partition), and a re-evaluation
 * after a rule change is produced later, so this is the latest evaluation. A row projected before these
 * columns existed comes before everything.
 */
function isAfter(a: Place, b: Place): boolean {
  if (b.result_time === null) return a.result_time !== null;
  if (a.result_time === null) return false;
  const [ta, tb] = [Number(a.result_time), Number(b.result_time)];
  if (ta !== tb) return ta > tb;
  if (a.result_partition !== b.result_partition) return (a.result_partition ?? -1) > (b.result_partition ?? -1);
  return Number(a.result_offset ?? -1) > Number(b.result_offset ?? -1);
}

function supersedes(next: QualityCheckRow, current: StoredVerdict): boolean {
  if (current.event_id === next.event_id) return false; // the same verdict again (redelivery, or a replay with the same rules)
  return isAfter(next, current);
}

/**
 * `quality_checks` keeps one row per record: its current verdict. A verdict of other rules (another derived
 * event id) replaces the row, and the window counters take the old verdict's contribution back before adding
 * the new one, all in the projector's checkpoint transaction. Verdicts of one record normally share a
 * partition; a transaction-scoped advisory lock per record keeps it right when they do not (or a zombie writes).
 */
export async function writeQualityChecks(tx: Knex.Transaction, rows: readonly QualityCheckRow[]): Promise<void> {
  if (rows.length === 0) return;
  const current = new Map<string, StoredVerdict & { stored: boolean }>();
  const keys = [...new Map(rows.map((r) => [recordKey(r), [r.tenant_id, r.record_event_id]])).values()];
  // Serialise writers of the same record (absent rows cannot be locked `for update`): two partitions' batches
  // carrying one record would otherwise both see "no verdict yet". Locks taken in one order: no deadlock.
  await tx.raw('select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 7) as h from unnest(?::text[]) as k order by h) as locks', [
    keys.map(([tenant, record]) => `quality_checks/${tenant}/${record}`),
  ]);
  for (const chunk of chunked(keys)) {
    const found: (StoredVerdict & { record_event_id: string })[] = await tx('quality_checks').whereIn(['tenant_id', 'record_event_id'], chunk).select(STORED_COLUMNS).forUpdate();
    for (const row of found) {
      const k = recordKey(row);
      const seen = current.get(k);
      // Before this model there could be two rows of one record (nothing replaced); the later one is current.
      if (!seen || !isAfter(seen, row)) current.set(k, { ...row, stored: true });
    }
  }

  const deleted = new Set<string>();
  const inserts = new Map<string, QualityCheckRow>();
  const contributions: QualityWindowContribution[] = [];
  for (const row of rows) {
    const k = recordKey(row);
    const cur = current.get(k);
    if (cur && !supersedes(row, cur)) continue;
    if (cur?.in_windows) contributions.push(...qualityWindowContributions(cur, -1));
    if (cur?.stored) deleted.add(cur.event_id);
    contributions.push(...qualityWindowContributions(row, 1));
    current.set(k, { ...row, stored: false });
    inserts.set(k, row);
  }
  for (const chunk of chunked([...deleted])) await tx('quality_checks').whereIn('event_id', chunk).delete();
  for (const chunk of chunked([...inserts.values()])) await tx('quality_checks').insert(chunk).onConflict('event_id').ignore();
  await addWindowContributions(tx, contributions);
}

/**
 * Adds to the counters; PostgreSQL sums in `numeric`, so the result does not depend on batching. Counters
 * that come to 0 are deleted: which verdicts were current in between (hence which counters were touched)
 * depends on the order partitions were consumed in, the non-zero sums do not.
 *
 * All of a batch's contributions go in ONE statement, which locks the counter rows in one sorted order.
 * Split into several statements (it was, at 5,000 contributions: a 500-record batch makes ~15,000), each
 * sorted on its own, two batches could take the same counters in crossing orders: projector batches of
 * concurrently consumed partitions deadlocked on busy windows and were retried again and again.
 */
async function addWindowContributions(tx: Knex.Transaction, contributions: readonly QualityWindowContribution[]): Promise<void> {
  if (contributions.length === 0) return;
  const result = await tx.raw<{ rows: Omit<QualityWindowContribution, 'value'>[] }>(
    `insert into quality_window_stats (tenant_id, source_system, entity, window_size, window_start, metric, name, value)
     select tenant_id, source_system, entity, window_size, window_start, metric, name, sum(value)
     from jsonb_to_recordset(?::jsonb) as c(tenant_id text, source_system text, entity text, window_size text, window_start timestamptz,
          metric text, name text, value numeric)
     group by tenant_id, source_system, entity, window_size, window_start, metric, name
     -- one lock order for every writer: two batches adding to the same windows cannot deadlock
     order by tenant_id, source_system, entity, window_size, window_start, metric, name
     on conflict (tenant_id, source_system, entity, window_size, window_start, metric, name)
     do update set value = quality_window_stats.value + excluded.value, updated_at = now()
     returning tenant_id, source_system, entity, window_size, window_start, metric, name, value`,
    [JSON.stringify(contributions)],
  );
  const zeros = result.rows.filter((r) => Number((r as { value?: unknown }).value) === 0);
  if (zeros.length === 0) return;
  await tx.raw(
    `delete from quality_window_stats q
     using jsonb_to_recordset(?::jsonb) as z(tenant_id text, source_system text, entity text, window_size text, window_start timestamptz, metric text, name text)
     where q.tenant_id = z.tenant_id and q.source_system = z.source_system and q.entity = z.entity and q.window_size = z.window_size
       and q.window_start = z.window_start and q.metric = z.metric and q.name = z.name and q.value = 0`,
    [JSON.stringify(zeros)],
  );
}
