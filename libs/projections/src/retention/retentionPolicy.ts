import { InvalidRetentionPolicyError } from '../errors.js';

/**
 * What happens to a read-model table's rows once they are older than the table's retention:
 * `summarise` folds them into a daily summary first (quality issues → `quality_issue_daily`), `delete`
 * just deletes them.
 */
export type RetentionMode = 'summarise' | 'delete';

export interface RetentionTable {
  table: string;
  /** The timestamp that ages a row. */
  timeColumn: string;
  mode: RetentionMode;
}

/** Tables a policy may name. Projected tables come back in a rebuild and are deleted again by the next run. */
export const RETENTION_TABLES: readonly RetentionTable[] = [
  { table: 'quality_issues', timeColumn: 'event_time', mode: 'summarise' },
  // Guard of the summary (issue ids already counted); keep it as long as a replay could re-derive an issue
  // (the raw topics' retention, 90 days by default), so a replayed issue is never counted twice.
  { table: 'quality_issue_summarised', timeColumn: 'event_time', mode: 'delete' },
  { table: 'quality_checks', timeColumn: 'event_time', mode: 'delete' },
  { table: 'transformations', timeColumn: 'event_time', mode: 'delete' },
  { table: 'canonical_records', timeColumn: 'event_time', mode: 'delete' },
  { table: 'reconciliation_results', timeColumn: 'event_time', mode: 'delete' },
  { table: 'rca_analyses', timeColumn: 'event_time', mode: 'delete' },
  { table: 'alerts', timeColumn: 'created_at', mode: 'delete' },
  { table: 'audit_log', timeColumn: 'at', mode: 'delete' },
];

export interface RetentionPolicy extends RetentionTable {
  maxAgeMs: number;
}

/** The default: raw quality issues summarised after 30 days (the quality.issues topic's retention). */
export const DEFAULT_RETENTION_POLICY = 'quality_issues=30d,quality_issue_summarised=90d';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000 };

/**
 * Parses `table=<n>d|<n>h,...` (e.g. `quality_issues=30d,transformations=90d`). Tables not named are kept
 * forever. The message names the bad entry, so a config error points at the exact variable part.
 */
export function parseRetentionPolicy(spec: string): RetentionPolicy[] {
  const policies: RetentionPolicy[] = [];
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)=(\d+)([dh])$/.exec(entry);
    if (!match) throw new InvalidRetentionPolicyError(`retention entry "${entry}" must look like <table>=<n>d or <table>=<n>h (e.g. quality_issues=30d)`);
    const [, table, amount, unit] = match;
    const known = RETENTION_TABLES.find((t) => t.table === table);
    if (!known) throw new InvalidRetentionPolicyError(`retention entry "${entry}": ${table} is not one of ${RETENTION_TABLES.map((t) => t.table).join(', ')}`);
    const maxAgeMs = Number(amount) * UNIT_MS[unit!]!;
    if (maxAgeMs <= 0) throw new InvalidRetentionPolicyError(`retention entry "${entry}": the age must be at least 1${unit}`);
    if (policies.some((p) => p.table === table)) throw new InvalidRetentionPolicyError(`retention entry "${entry}": ${table} is named twice`);
    policies.push({ ...known, maxAgeMs });
  }
  return policies;
}
