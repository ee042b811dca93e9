import { createWindowState, foldEvents, windowKey, windowStart, type WindowAggregate, type WindowConfig } from '@rivulet/rca';
import type { TimedRcaEvent } from './rcaEvents.js';

export interface TenantBatch {
  config: WindowConfig;
  /** The tenant's watermark source before this batch (null: nothing seen yet). */
  maxEventTime: number | null;
  /** Open (not yet analysed) windows the batch touches, as stored. */
  open: readonly WindowAggregate[];
  events: readonly TimedRcaEvent[];
}

export interface TenantFold {
  /** Windows to write back (the touched ones, with their new counts). */
  windows: WindowAggregate[];
  /** Events each written window gained. */
  added: Map<string, number>;
  maxEventTime: number | null;
  /** Events whose window had closed before the batch: counted, not folded. */
  late: number;
}

/** The windows (size, start) one event lands in, for loading just those rows. */
export function windowSlots(config: WindowConfig, events: readonly TimedRcaEvent[]): { sizeMs: number; start: number }[] {
  const slots = new Map<string, { sizeMs: number; start: number }>();
  for (const e of events) {
    const t = eventTime(e);
    for (const sizeMs of config.sizesMs) slots.set(`${sizeMs}|${windowStart(t, sizeMs)}`, { sizeMs, start: windowStart(t, sizeMs) });
  }
  return [...slots.values()];
}

/**
 * Folds one tenant's batch into its open windows (pure; libs/rca foldEvents does the counting). Lateness is
 * judged against the watermark *before* the batch: a window is closed once end + lateness <= that
 * watermark, which is exactly when the analyser may take it, so an analysed window never changes.
 */
export function foldTenantBatch(batch: TenantBatch): TenantFold {
  const base = createWindowState(batch.config);
  const open: Record<string, WindowAggregate> = {};
  for (const w of batch.open) open[windowKey(w.tenantId, w.sizeMs, w.start)] = w;
  const folded = foldEvents({ ...base, watermark: batch.maxEventTime, open }, batch.events.map((e) => e.event));
  const added = new Map<string, number>();
  for (const e of batch.events) {
    const t = eventTime(e);
    for (const sizeMs of batch.config.sizesMs) {
      const start = windowStart(t, sizeMs);
      const closed = batch.maxEventTime !== null && start + sizeMs + batch.config.allowedLatenessMs <= batch.maxEventTime;
      const k = windowKey(e.tenantId, sizeMs, start);
      if (!closed) added.set(k, (added.get(k) ?? 0) + 1);
    }
  }
  const windows = [...added.keys()].map((k) => folded.open[k]).filter((w): w is WindowAggregate => w !== undefined);
  const newest = batch.events.reduce((m, e) => Math.max(m, e.watermarkTime), -Infinity);
  return {
    windows,
    added,
    maxEventTime: Number.isFinite(newest) ? Math.max(batch.maxEventTime ?? newest, newest) : batch.maxEventTime,
    late: folded.lateEvents,
  };
}

function eventTime(e: TimedRcaEvent): number {
  switch (e.event.kind) {
    case 'issue': return e.event.issue.envelope.event_time;
    case 'result': return e.event.result.envelope.event_time;
    case 'kpi': return e.event.fact.occurred_at;
  }
}
