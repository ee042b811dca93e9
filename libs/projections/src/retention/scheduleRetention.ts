import type { Knex } from 'knex';
import type { RetentionPolicy } from './retentionPolicy.js';
import { runRetention, type TableRetentionResult } from './runRetention.js';

export interface RetentionScheduleOptions {
  db: Knex;
  policies: readonly RetentionPolicy[];
  /** Time from the end of one run to the start of the next (the first runs one interval after start). */
  intervalMs: number;
  logger: { info(fields: object, msg: string): void; error(fields: object, msg: string): void };
  /** Clock of the age cutoff; defaults to `Date.now`. */
  now?: () => number;
  batchSize?: number;
}

export interface RetentionSchedule {
  /** Resolves once the schedule is stopped and a run in progress has finished its current table. */
  stop(): Promise<void>;
}

/**
 * Applies the retention policy again and again in the background (issue #15: retention without cron).
 * Runs never overlap: the next is timed from the end of the previous one. A failed run (PostgreSQL down, a
 * table missing) is logged and tried again at the next interval; `runRetention` works in small transactions,
 * so an interrupted run loses nothing. Safe beside the projector and beside `rivulet retention run`.
 */
export function scheduleRetention(options: RetentionScheduleOptions): RetentionSchedule {
  if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${options.intervalMs}`);
  const now = options.now ?? Date.now;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const once = async (): Promise<void> => {
    const started = now();
    try {
      const results: TableRetentionResult[] = await runRetention(options.db, options.policies, { now: started, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
      options.logger.info({ tables: results, ms: Date.now() - started }, 'retention applied');
    } catch (error) {
      options.logger.error({ err: error }, 'retention run failed; trying again at the next interval');
    }
  };
  const next = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = once().finally(() => {
        running = undefined;
        next();
      });
    }, options.intervalMs);
    timer.unref();
  };
  next();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
