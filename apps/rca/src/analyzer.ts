import type { Knex } from 'knex';
import { alertsFor, analyzeWindow, severityOf, type AlertRule, type RcaConfig } from '@rivulet/rca';
import type { Logger } from '@rivulet/runtime';
import type { FindingPublisher } from './findingPublisher.js';
import { advanceIdleTenant, alertRulesOf, baselineOf, closedWindows, lockTenant, markAnalysed, tenantsWithClosedWindows } from './pgRcaStore.js';
import type { RcaMetrics } from './rcaMetrics.js';

export interface AnalyzerOptions {
  db: Knex;
  publisher: FindingPublisher;
  logger: Logger;
  metrics?: RcaMetrics;
  allowedLatenessMs: number;
  historySize: number;
  idleCloseMs: number;
  intervalMs: number;
  defaultRules: readonly AlertRule[];
  publishEmpty: boolean;
  /**
   * At most this many windows of one tenant per turn (one transaction); rounds go on while any tenant has
   * more. A tenant with a long backlog (a replay, a big import) then delays the others by one turn, not by
   * its whole backlog. Default 5.
   */
  windowsPerTurn?: number;
  /** Analysis settings besides `now` (graph, statistics, combination options). */
  analysis?: Omit<RcaConfig, 'now'>;
}

export interface Analyzer {
  /** One round over every tenant with closed windows; returns the windows analysed. */
  runOnce(): Promise<number>;
  /** Asks for a round soon (the watermark moved). */
  kick(): void;
  start(): void;
  /** Waits for the round in progress, then stops. */
  stop(): Promise<void>;
  lastError(): string | null;
}

/**
 * Takes closed windows out of PostgreSQL and turns them into findings and alerts.
 *
 * Per tenant, one transaction holds the tenant's advisory lock (`pg_try_advisory_xact_lock`: an instance
 * that finds it taken leaves the tenant to the holder), reads the closed windows, analyses each against
 * the windows before it, publishes, and marks it analysed only after Kafka acknowledged. A crash in between
 * republishes the same ids. `now` of a finding is its window's end + lateness, so a republish is
 * byte-identical, not merely same-id.
 */
export function createAnalyzer(o: AnalyzerOptions): Analyzer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let error: string | null = null;

  async function analyseTenant(tenantId: string): Promise<number> {
    return o.db.transaction(async (tx) => {
      if (!(await lockTenant(tx, tenantId, false))) return 0;
      await advanceIdleTenant(tx, tenantId, o.allowedLatenessMs, o.idleCloseMs);
      const windows = await closedWindows(tx, tenantId, o.allowedLatenessMs, o.windowsPerTurn ?? 5);
      if (windows.length === 0) return 0;
      const rules = (await alertRulesOf(tx, tenantId)) ?? o.defaultRules;
      for (const w of windows) {
        const baseline = await baselineOf(tx, w, o.historySize);
        // The quality finding, then one per KPI that moved abnormally against its baseline (metric = the KPI).
        const { quality, kpis } = analyzeWindow(w, baseline, { ...o.analysis, now: w.end + o.allowedLatenessMs });
        for (const finding of [quality, ...kpis]) {
          if (finding.root_causes.length === 0 && !(o.publishEmpty && finding === quality)) continue;
          const alerts = alertsFor(finding, rules);
          await o.publisher.publish(finding, alerts);
          o.metrics?.findings.inc({ severity: severityOf(finding) });
          for (const a of alerts) o.metrics?.alerts.inc({ severity: a.severity });
          o.logger.info({ tenantId, window: finding.window, sizeMs: w.sizeMs, metric: finding.metric, causes: finding.root_causes.length, alerts: alerts.length, analysisId: finding.analysis_id }, 'finding published');
        }
        await markAnalysed(tx, w, quality.analysis_id);
        o.metrics?.windowsAnalysed.inc({ size: String(w.sizeMs) });
      }
      return windows.length;
    });
  }

  /** One turn per tenant with closed windows; `backlog` when some tenant had more than a turn's worth. */
  async function round(): Promise<{ analysed: number; backlog: boolean }> {
    let analysed = 0;
    let backlog = false;
    for (const tenantId of await tenantsWithClosedWindows(o.db, o.allowedLatenessMs, o.idleCloseMs)) {
      if (stopped) break;
      const n = await analyseTenant(tenantId);
      analysed += n;
      if (n >= (o.windowsPerTurn ?? 5)) backlog = true;
    }
    return { analysed, backlog };
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        let backlog = false;
        do {
          again = false;
          const turn = await round();
          total += turn.analysed;
          backlog = turn.backlog;
        } while ((again || backlog) && !stopped);
        error = null;
      } catch (e) {
        // The transaction rolled back: nothing was marked, the next round tries the same windows again.
        error = (e as Error).message;
        o.metrics?.analysisErrors.inc();
        o.logger.error({ err: e }, 'analysis round failed; will retry');
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  }

  return {
    runOnce,
    kick: () => void (stopped || runOnce()),
    start() {
      timer = setInterval(() => void runOnce(), o.intervalMs);
      timer.unref();
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    lastError: () => error,
  };
}
