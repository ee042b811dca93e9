import { createWindowState, foldEvents, windowKey, windowStart, type WindowAggregate, type WindowConfig } from '@rivulet/rca';
import type { TimedRcaEvent } from './rcaEvents.js';

export interface TenantBatch {
  config: WindowConfig;
  /** The tenant's watermark source before this batch (null: nothing seen yet). */
  maxEventTime: number | null;
  /** Open (not yet analysed) windows the batch touches, as stored. */
  open: readonly WindowAggregate[];
  /** `slotKey`s of touched windows that were already analysed: their events are late. */
  analysed: ReadonlySet<string>;
  events: readonly TimedRcaEvent[];
}

export interface TenantFold {
  /** Windows to write back (the touched ones, with their new counts). */
  windows: WindowAggregate[];
  /** Events each written window gained, by windowKey. */
  added: Map<string, number>;
  maxEventTime: number | null;
  /** Events whose every window had been analysed already: counted, not folded. */
  late: number;
}

export const slotKey = (sizeMs: number, start: number): string => `${sizeMs}|${start}`;

/** The windows (size, start) the events land in, for loading just those rows. */
export function windowSlots(config: WindowConfig, events: readonly TimedRcaEvent[]): { sizeMs: number; start: number }[] {
  const slots = new Map<string, { sizeMs: number; start: number }>();
  for (const e of events) {
    const t = eventTime(e);
    for (const sizeMs of config.sizesMs) slots.set(slotKey(sizeMs, windowStart(t, sizeMs)), { sizeMs, start: windowStart(t, sizeMs) });
  }
  return [...slots.values()];
}

/**
 * Folds one tenant's batch into its open windows (pure; libs/rca foldEvents does the counting, one window
 * size at a time). An event is late for a window only once that window was analysed, not merely once the
 * watermark passed it: partitions are consumed at different speeds, and a window the analyser has not
 * taken yet can still count a slower partition's events. An analysed window never changes.
 */
export function foldTenantBatch(batch: TenantBatch): TenantFold {
  const added = new Map<string, number>();
  const windows: WindowAggregate[] = [];
  const landed = new Set<TimedRcaEvent>();
  for (const sizeMs of batch.config.sizesMs) {
    const accepted = batch.events.filter((e) => !batch.analysed.has(slotKey(sizeMs, windowStart(eventTime(e), sizeMs))));
    if (accepted.length === 0) continue;
    const open: Record<string, WindowAggregate> = {};
    for (const w of batch.open) if (w.sizeMs === sizeMs) open[windowKey(w.tenantId, w.sizeMs, w.start)] = w;
    const state = createWindowState({ ...batch.config, sizesMs: [sizeMs] });
    const folded = foldEvents({ ...state, open }, accepted.map((e) => e.event));
    for (const e of accepted) {
      landed.add(e);
      const k = windowKey(e.tenantId, sizeMs, windowStart(eventTime(e), sizeMs));
      added.set(k, (added.get(k) ?? 0) + 1);
    }
    for (const k of new Set(accepted.map((e) => windowKey(e.tenantId, sizeMs, windowStart(eventTime(e), sizeMs))))) windows.push(folded.open[k]!);
  }
  const newest = batch.events.reduce((m, e) => Math.max(m, e.watermarkTime), -Infinity);
  return {
    windows,
    added,
    maxEventTime: Number.isFinite(newest) ? Math.max(batch.maxEventTime ?? newest, newest) : batch.maxEventTime,
    late: batch.events.length - landed.size,
  };
}

function eventTime(e: TimedRcaEvent): number {
  switch (e.event.kind) {
    case 'issue': return e.event.issue.envelope.event_time;
    case 'result': return e.event.result.envelope.event_time;
    case 'kpi': return e.event.fact.occurred_at;
  }
}
