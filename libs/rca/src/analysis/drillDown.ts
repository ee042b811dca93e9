import { RECORD_DIMENSIONS, dimensionKey, parseDimensionKey, type WindowAggregate } from '../window/windowState.js';
import { isAbnormal, type Leaf } from '../localise/leaves.js';

/** What failed inside a localised cause: one row per (source, entity, field, check) with excess issues. */
export interface FailureDetail {
  source_system: string | null;
  entity: string | null;
  field: string | null;
  check: string | null;
  actual: number;
  forecast: number;
  /** Issues of this check per record of its source and entity within the cause's region/segment; null when no record counts were folded. */
  rate: number | null;
  /** Earliest abnormal issue of this kind in the window (event time, ms). */
  since: number;
}

export function matches(dims: Record<string, string | null>, want: Partial<Record<string, string | null>>): boolean {
  return Object.entries(want).every(([d, v]) => (dims[d] ?? null) === (v ?? null));
}

/**
 * Breaks the leaves a cause covers (`covers`) down by source/entity/field/check, largest excess first. Rates are
 * per record of the row's own source and entity, restricted to the cause's region and segment when it names them.
 */
export function drillDown(
  leaves: readonly Leaf[], window: WindowAggregate, covers: (l: Leaf) => boolean, cause: Partial<Record<string, string | null>>, zMin: number, minExcess: number,
): FailureDetail[] {
  const where = Object.fromEntries(Object.entries(cause).filter(([d]) => d === 'region' || d === 'segment'));
  const recordsOf = (source: string | null, entity: string | null) =>
    Object.entries(window.records).reduce((s, [k, c]) => (matches(parseDimensionKey(RECORD_DIMENSIONS, k), { ...where, source_system: source, entity }) ? s + c.records : s), 0);
  const groups = new Map<string, FailureDetail & { abnormal: boolean }>();
  for (const l of leaves) {
    if (!covers(l)) continue;
    const key = dimensionKey(['source_system', 'entity', 'field', 'check'], l.dims);
    const g = groups.get(key) ?? { source_system: l.dims.source_system, entity: l.dims.entity, field: l.dims.field, check: l.dims.check, actual: 0, forecast: 0, rate: null, since: Infinity, abnormal: false };
    g.actual += l.actual;
    g.forecast += l.forecast;
    if (isAbnormal(l, zMin, minExcess)) { g.abnormal = true; g.since = Math.min(g.since, l.firstAt); }
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.abnormal && g.actual > g.forecast)
    .map(({ abnormal: _abnormal, ...g }) => {
      const records = recordsOf(g.source_system, g.entity);
      return { ...g, rate: records > 0 ? g.actual / records : null };
    })
    .sort((a, b) => b.actual - b.forecast - (a.actual - a.forecast) || String(a.source_system).localeCompare(String(b.source_system)) || String(a.check).localeCompare(String(b.check)));
}
