/** What an operator sees while a replay runs. */
export interface ReplayProgress {
  done: number;
  /** Best estimate of the total (offset ranges: an upper bound, transaction markers take offsets too). */
  total: number;
  /** Records per second since this run started. */
  rate: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
}

/**
 * Rate and time left from a running count. Pure apart from the injected clock; the rate counts only what
 * this run did (a resumed job starts with `done` > 0 and must not look infinitely fast).
 */
export function createProgressMeter(options: { total: number; done?: number; now: () => number }) {
  const started = options.now();
  const doneAtStart = options.done ?? 0;
  let done = doneAtStart;
  let total = options.total;
  return {
    update(next: { done: number; total?: number }): ReplayProgress {
      done = next.done;
      if (next.total !== undefined) total = next.total;
      return this.snapshot();
    },
    snapshot(): ReplayProgress {
      const seconds = (options.now() - started) / 1000;
      const rate = seconds > 0 ? (done - doneAtStart) / seconds : 0;
      const left = Math.max(0, total - done);
      return { done, total, rate, etaSeconds: rate > 0 ? left / rate : left === 0 ? 0 : undefined };
    },
  };
}

/** `12,345 / 50,000 records (24.7%) · 1,830 rec/s · 15s left` */
export function formatProgress(p: ReplayProgress): string {
  const pct = p.total > 0 ? ` (${((100 * Math.min(p.done, p.total)) / p.total).toFixed(1)}%)` : '';
  const eta = p.etaSeconds === undefined ? 'time left unknown' : `${formatDuration(p.etaSeconds)} left`;
  return `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} records${pct} · ${Math.round(p.rate).toLocaleString('en-US')} rec/s · ${eta}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
