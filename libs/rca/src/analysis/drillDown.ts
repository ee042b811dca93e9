import { RECORD_DIMENSIONS, dimensionKey, parseDimensionKey, type WindowAggregate } from '../window/windowState.js';
import { isAbnormal, type Leaf } from '../localise/leaves.js';

/** What failed inside a localised combination: one row per (entity, field, check) with excess issues. */
export interface FailureDetail {
  entity: string | null;
  field: string | null;
  check: string | null;
  actual: number;
  forecast: number;
  /** Issues of this check per record of the combination; null when no record counts were folded. */
  rate: number | null;
  /** Earliest abnormal issue of this kind in the window (event time, ms). */
  since: number;
}

export function matches(dims: Record<string, string | null>, want: Partial<Record<string, string | null>>): boolean {
  return Object.entries(want).every(([d, v]) => (dims[d] ?? null) === (v ?? null));
}

/** Breaks a combination down by entity/field/check, largest excess first. */
export function drillDown(leaves: readonly Leaf[], window: WindowAggregate, combo: Partial<Record<string, string | null>>, zMin: number, minExcess: number): FailureDetail[] {
  const records = Object.entries(window.records).reduce((s, [k, c]) => (matches(parseDimensionKey(RECORD_DIMENSIONS, k), combo) ? s + c.records : s), 0);
  const groups = new Map<string, FailureDetail & { abnormal: boolean }>();
  for (const l of leaves) {
    if (!matches(l.dims, combo)) continue;
    const key = dimensionKey(['entity', 'field', 'check'], l.dims);
    const g = groups.get(key) ?? { entity: l.dims.entity, field: l.dims.field, check: l.dims.check, actual: 0, forecast: 0, rate: null, since: Infinity, abnormal: false };
    g.actual += l.actual;
    g.forecast += l.forecast;
    if (isAbnormal(l, zMin, minExcess)) { g.abnormal = true; g.since = Math.min(g.since, l.firstAt); }
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.abnormal && g.actual > g.forecast)
    .map(({ abnormal: _abnormal, ...g }) => ({ ...g, rate: records > 0 ? g.actual / records : null }))
    .sort((a, b) => b.actual - b.forecast - (a.actual - a.forecast) || String(a.check).localeCompare(String(b.check)));
}
