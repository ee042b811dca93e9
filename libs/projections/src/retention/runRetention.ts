import type { Knex } from 'knex';
import type { RetentionPolicy } from './retentionPolicy.js';

export interface TableRetentionResult {
  table: string;
  cutoff: string;
  /** Rows deleted (dry run: rows that would be). */
  deleted: number;
  /** Of those, rows newly counted into the daily summary (`summarise` tables only). */
  summarised?: number;
}

export interface RetentionOptions {
  now: number;
  /** Rows per transaction (default 5 000): keeps locks and WAL per step small on big tables. */
  batchSize?: number;
  dryRun?: boolean;
}

/**
 * Applies each policy once: rows older than `now - maxAge` are summarised (if the table is) and deleted,
 * batch by batch, each batch in one transaction, so an interrupted run loses nothing and a re-run goes on.
 * Runs as the tables' owner (row-level security does not apply), across every tenant.
 */
export async function runRetention(db: Knex, policies: readonly RetentionPolicy[], options: RetentionOptions): Promise<TableRetentionResult[]> {
  const results: TableRetentionResult[] = [];
  const batch = options.batchSize ?? 5_000;
  for (const policy of policies) {
    const cutoff = new Date(options.now - policy.maxAgeMs);
    const result: TableRetentionResult = { table: policy.table, cutoff: cutoff.toISOString(), deleted: 0, ...(policy.mode === 'summarise' ? { summarised: 0 } : {}) };
    if (options.dryRun) {
      const [row] = await db(policy.table).where(policy.timeColumn, '<', cutoff).count<{ n: string }[]>({ n: '*' });
      result.deleted = Number(row?.n ?? 0);
    } else {
      for (;;) {
        const step = policy.mode === 'summarise' ? await summariseQualityIssues(db, cutoff, batch) : await deleteOlder(db, policy, cutoff, batch);
        result.deleted += step.deleted;
        if (result.summarised !== undefined) result.summarised += step.summarised;
        if (step.deleted < batch) break;
      }
    }
    results.push(result);
  }
  return results;
}

async function deleteOlder(db: Knex, policy: RetentionPolicy, cutoff: Date, batch: number): Promise<{ deleted: number; summarised: number }> {
  // ctid batches: no primary key assumption, and each batch is its own short transaction.
  const result = await db.raw(
    `delete from ?? where ctid in (select ctid from ?? where ?? < ? limit ?)`,
    [policy.table, policy.table, policy.timeColumn, cutoff, batch],
  );
  return { deleted: (result as { rowCount: number }).rowCount, summarised: 0 };
}

/**
 * One statement, one transaction: delete a batch of old issues, record their ids in the guard, and add to
 * the daily counts only the ids the guard did not hold yet. An issue projected again after it was
 * summarised (a rebuild from offset zero, a replay) is deleted without being counted twice. `skip locked`
 * lets two concurrent runs share the work instead of waiting on each other.
 */
async function summariseQualityIssues(db: Knex, cutoff: Date, batch: number): Promise<{ deleted: number; summarised: number }> {
  const result = await db.raw(
    `with doomed as (
       select event_id from quality_issues where event_time < ? order by event_time limit ? for update skip locked
     ), deleted as (
       delete from quality_issues q using doomed d where q.event_id = d.event_id
       returning q.event_id, q.tenant_id, q.event_time, q.source_system, q.entity, q.field, q.check_name, q.severity, q.region, q.segment
     ), fresh as (
       insert into quality_issue_summarised (event_id, tenant_id, event_time)
       select event_id, tenant_id, event_time from deleted
       on conflict (event_id) do nothing
       returning event_id
     ), counted as (
       insert into quality_issue_daily (tenant_id, day, source_system, entity, field, check_name, severity, region, segment, issues)
       select d.tenant_id, (d.event_time at time zone 'UTC')::date, d.source_system, d.entity, coalesce(d.field, ''), d.check_name, d.severity,
              coalesce(d.region, ''), coalesce(d.segment, ''), count(*)
       from deleted d join fresh f on f.event_id = d.event_id
       group by 1, 2, 3, 4, 5, 6, 7, 8, 9
       on conflict (tenant_id, day, source_system, entity, field, check_name, severity, region, segment)
       do update set issues = quality_issue_daily.issues + excluded.issues, updated_at = now()
       returning issues
     )
     select (select count(*) from deleted)::int as deleted, (select count(*) from fresh)::int as summarised, (select count(*) from counted)::int as groups`,
    [cutoff, batch],
  );
  const row = (result as { rows: { deleted: number; summarised: number }[] }).rows[0]!;
  return { deleted: row.deleted, summarised: row.summarised };
}
