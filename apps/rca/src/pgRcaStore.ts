import type { Knex } from 'knex';
import type { AlertRule, AlertSeverity, WindowAggregate } from '@rivulet/rca';

/** `pg_advisory_xact_lock` key space of this app (first int4), the tenant hash is the second. */
const LOCK_SPACE = "hashtext('rivulet.rca')";

/**
 * Serialises everything that reads or writes one tenant's windows (the fold of a batch, the analysis of
 * closed windows) across transactions, processes and instances; released at commit or rollback.
 */
export async function lockTenant(tx: Knex.Transaction, tenantId: string, wait = true): Promise<boolean> {
  if (wait) {
    await tx.raw(`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(?))`, [tenantId]);
    return true;
  }
  const { rows } = await tx.raw<{ rows: { locked: boolean }[] }>(`select pg_try_advisory_xact_lock(${LOCK_SPACE}, hashtext(?)) as locked`, [tenantId]);
  return rows[0]?.locked === true;
}

export async function tenantWatermark(tx: Knex.Transaction, tenantId: string): Promise<number | null> {
  const row = await tx('rca_tenants').where({ tenant_id: tenantId }).first('max_event_time');
  return row ? Number(row.max_event_time) : null;
}

export async function saveTenant(tx: Knex.Transaction, tenantId: string, maxEventTime: number, lateAdded: number): Promise<void> {
  await tx('rca_tenants')
    .insert({ tenant_id: tenantId, max_event_time: maxEventTime, late_events: lateAdded, updated_at: tx.fn.now() })
    .onConflict('tenant_id')
    .merge({
      max_event_time: tx.raw('greatest(rca_tenants.max_event_time, excluded.max_event_time)'),
      late_events: tx.raw('rca_tenants.late_events + excluded.late_events'),
      updated_at: tx.fn.now(),
    });
}

/** The tenant's stored windows among the given slots: open ones in full, analysed ones by slot key. */
export async function touchedWindows(
  tx: Knex.Transaction, tenantId: string, slots: readonly { sizeMs: number; start: number }[],
): Promise<{ open: WindowAggregate[]; analysed: Set<string> }> {
  if (slots.length === 0) return { open: [], analysed: new Set() };
  const rows: { state: WindowAggregate; size_ms: number; window_start: number; analysed: boolean }[] = await tx('rca_windows')
    .where('tenant_id', tenantId)
    .whereIn(['size_ms', 'window_start'], slots.map((s) => [s.sizeMs, s.start]))
    .select('size_ms', 'window_start', tx.raw('analysed_at is not null as analysed'), tx.raw('case when analysed_at is null then state end as state'));
  return {
    open: rows.filter((r) => !r.analysed).map((r) => r.state),
    analysed: new Set(rows.filter((r) => r.analysed).map((r) => `${Number(r.size_ms)}|${Number(r.window_start)}`)),
  };
}

export async function saveWindows(tx: Knex.Transaction, windows: readonly WindowAggregate[], added: ReadonlyMap<string, number>): Promise<void> {
  if (windows.length === 0) return;
  await tx('rca_windows')
    .insert(windows.map((w) => ({
      tenant_id: w.tenantId, size_ms: w.sizeMs, window_start: w.start, window_end: w.end, state: JSON.stringify(w),
      events: added.get(`${w.tenantId}|${w.sizeMs}|${w.start}`) ?? 0, updated_at: tx.fn.now(),
    })))
    .onConflict(['tenant_id', 'size_ms', 'window_start'])
    .merge({ state: tx.raw('excluded.state'), events: tx.raw('rca_windows.events + excluded.events'), updated_at: tx.fn.now() });
}

/** Tenants that have a window ready for analysis (closed by event time, or idle for `idleCloseMs` when > 0). */
export async function tenantsWithClosedWindows(db: Knex, latenessMs: number, idleCloseMs: number): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { tenant_id: string }[] }>(
    `select distinct w.tenant_id from rca_windows w join rca_tenants t on t.tenant_id = w.tenant_id
      where w.analysed_at is null
        and (w.window_end + ? <= t.max_event_time or (? > 0 and t.updated_at < now() - (? * interval '1 millisecond')))
      order by w.tenant_id`,
    [latenessMs, idleCloseMs, idleCloseMs],
  );
  return rows.map((r) => r.tenant_id);
}

/**
 * An idle tenant's watermark moves to the end (+ lateness) of its newest open window, so its last windows
 * close without new events. Stored, so the fold afterwards treats stragglers for them as late too.
 */
export async function advanceIdleTenant(tx: Knex.Transaction, tenantId: string, latenessMs: number, idleCloseMs: number): Promise<void> {
  if (idleCloseMs <= 0) return;
  await tx.raw(
    `update rca_tenants t set max_event_time = greatest(t.max_event_time, w.newest_end + ?)
       from (select max(window_end) as newest_end from rca_windows where tenant_id = ? and analysed_at is null) w
      where t.tenant_id = ? and w.newest_end is not null and t.updated_at < now() - (? * interval '1 millisecond')`,
    [latenessMs, tenantId, tenantId, idleCloseMs],
  );
}

/** The tenant's closed, unanalysed windows, oldest first, at most `limit`. */
export async function closedWindows(tx: Knex.Transaction, tenantId: string, latenessMs: number, limit: number): Promise<WindowAggregate[]> {
  const rows: { state: WindowAggregate }[] = await tx('rca_windows as w')
    .join('rca_tenants as t', 't.tenant_id', 'w.tenant_id')
    .where('w.tenant_id', tenantId)
    .whereNull('w.analysed_at')
    .whereRaw('w.window_end + ? <= t.max_event_time', [latenessMs])
    .orderBy([{ column: 'w.window_end' }, { column: 'w.size_ms' }])
    .limit(limit)
    .select('w.state');
  return rows.map((r) => r.state);
}

/** Up to `limit` windows of the same tenant and size that ended at or before `start`, oldest first. */
export async function baselineOf(tx: Knex.Transaction, w: WindowAggregate, limit: number): Promise<WindowAggregate[]> {
  const rows: { state: WindowAggregate }[] = await tx('rca_windows')
    .where({ tenant_id: w.tenantId, size_ms: w.sizeMs })
    .where('window_end', '<=', w.start)
    .orderBy('window_start', 'desc')
    .limit(limit)
    .select('state');
  return rows.map((r) => r.state).reverse();
}

export async function markAnalysed(tx: Knex.Transaction, w: WindowAggregate, analysisId: string): Promise<void> {
  await tx('rca_windows').where({ tenant_id: w.tenantId, size_ms: w.sizeMs, window_start: w.start }).update({ analysis_id: analysisId, analysed_at: tx.fn.now() });
}

const SEVERITIES = new Set<AlertSeverity>(['INFO', 'WARNING', 'CRITICAL']);

/**
 * The tenant's enabled rules from `alert_rules` (owned by the API); a metric of `*` or `any` matches every
 * finding; `threshold` is the lowest confidence_score that fires (libs/rca `ruleMatches`). Null when the tenant has none or the table does not exist (yet): the caller uses its default.
 */
export async function alertRulesOf(tx: Knex.Transaction, tenantId: string): Promise<AlertRule[] | null> {
  const exists = await tx.raw<{ rows: { t: string | null }[] }>(`select to_regclass('alert_rules')::text as t`);
  if (!exists.rows[0]?.t) return null;
  const rows: { name: string; metric: string; min_severity: string; threshold: number | string | null }[] = await tx('alert_rules')
    .where({ tenant_id: tenantId, enabled: true }).orderBy('name').select('name', 'metric', 'min_severity', 'threshold');
  const rules = rows
    .filter((r) => SEVERITIES.has(r.min_severity as AlertSeverity))
    .map((r): AlertRule => ({
      name: r.name,
      minSeverity: r.min_severity as AlertSeverity,
      ...(r.metric === '*' || r.metric === 'any' ? {} : { metric: r.metric }),
      // numeric columns arrive as strings from node-postgres.
      ...(r.threshold === null || r.threshold === undefined ? {} : { threshold: Number(r.threshold) }),
    }));
  return rules.length > 0 ? rules : null;
}
