import { historyKey, type WindowAggregate, type WindowState } from './windowState.js';

/** A window ready for analysis, with the closed windows of the same tenant and size before it as its baseline. */
export interface ClosedWindow { window: WindowAggregate; baseline: WindowAggregate[] }

/**
 * Closes every open window whose end + allowed lateness is at or before the watermark, moves it into the
 * baseline history and returns it. Closed windows come out ordered by end, tenant and size, so a restart that
 * replays the same input closes the same windows in the same order. The watermark never moves backwards.
 */
export function closeWindows(state: WindowState, watermark: number): { state: WindowState; closed: ClosedWindow[] } {
  const mark = Math.max(state.watermark ?? watermark, watermark);
  const lateness = state.config.allowedLatenessMs;
  const ready = Object.entries(state.open)
    .filter(([, w]) => w.end + lateness <= mark)
    .sort(([, a], [, b]) => a.end - b.end || cmp(a.tenantId, b.tenantId) || a.sizeMs - b.sizeMs);
  if (ready.length === 0) return { state: { ...state, watermark: mark }, closed: [] };
  const open = { ...state.open };
  const history = { ...state.history };
  const closed: ClosedWindow[] = [];
  for (const [key, w] of ready) {
    delete open[key];
    const hk = historyKey(w.tenantId, w.sizeMs);
    const past = history[hk] ?? [];
    closed.push({ window: w, baseline: past });
    history[hk] = [...past, w].slice(Math.max(0, past.length + 1 - state.config.historySize));
  }
  return { state: { ...state, watermark: mark, open, history }, closed };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
