import {
  ISSUE_DIMENSIONS, RECORD_DIMENSIONS, dimensionKey, parseDimensionKey,
  type DimensionValues, type IssueDimension, type WindowAggregate,
} from '../window/windowState.js';

/** One finest-grained dimension combination: observed issues in the window and the number expected from the baseline. */
export interface Leaf<D extends string = IssueDimension> {
  key: string;
  dims: DimensionValues<D>;
  actual: number;
  forecast: number;
  /** Earliest issue event time in the window (∞ when none). */
  firstAt: number;
}

export interface ForecastOptions {
  /** Floor of every forecast, so a combination never seen before still has a finite ratio (additive smoothing). */
  smoothing?: number;
}

/**
 * Issue leaves of a window with forecasts: the baseline mean count of the same combination, scaled by how
 * the combination's record volume changed (records per source/entity/region/segment), so more traffic alone
 * is not mistaken for a problem. Without record counts the scale is 1.
 */
export function buildIssueLeaves(window: WindowAggregate, baseline: readonly WindowAggregate[], o: ForecastOptions = {}): Leaf[] {
  const floor = o.smoothing ?? 0.5;
  const keys = new Set<string>(Object.keys(window.issues));
  for (const b of baseline) for (const k of Object.keys(b.issues)) keys.add(k);
  const n = baseline.length;
  const volume = volumeScaler(window, baseline);
  return [...keys].sort().map((key) => {
    const cell = window.issues[key];
    const dims = parseDimensionKey(ISSUE_DIMENSIONS, key);
    const base = n === 0 ? 0 : baseline.reduce((s, b) => s + (b.issues[key]?.count ?? 0), 0) / n;
    return { key, dims, actual: cell?.count ?? 0, forecast: Math.max(floor, base * volume(dims)), firstAt: cell?.firstAt ?? Infinity };
  });
}

function volumeScaler(window: WindowAggregate, baseline: readonly WindowAggregate[]): (dims: DimensionValues) => number {
  const n = baseline.length;
  const total = (w: WindowAggregate) => Object.values(w.records).reduce((s, c) => s + c.records, 0);
  const baseTotal = n === 0 ? 0 : baseline.reduce((s, b) => s + total(b), 0) / n;
  const nowTotal = total(window);
  const global = baseTotal > 0 && nowTotal > 0 ? nowTotal / baseTotal : 1;
  return (dims) => {
    const rk = dimensionKey(RECORD_DIMENSIONS, dims);
    const now = window.records[rk]?.records ?? 0;
    const base = n === 0 ? 0 : baseline.reduce((s, b) => s + (b.records[rk]?.records ?? 0), 0) / n;
    return now > 0 && base > 0 ? now / base : global;
  };
}

/** Sums leaves onto a subset of their dimensions (a cuboid). */
export function projectLeaves<D extends string, P extends D>(leaves: readonly Leaf<D>[], dims: readonly P[]): Leaf<P>[] {
  const out = new Map<string, Leaf<P>>();
  for (const l of leaves) {
    const values = Object.fromEntries(dims.map((d) => [d, l.dims[d]])) as DimensionValues<P>;
    const key = dimensionKey(dims, values);
    const acc = out.get(key);
    if (acc) {
      acc.actual += l.actual;
      acc.forecast += l.forecast;
      acc.firstAt = Math.min(acc.firstAt, l.firstAt);
    } else {
      out.set(key, { key, dims: values, actual: l.actual, forecast: l.forecast, firstAt: l.firstAt });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A leaf is abnormal when its excess over the forecast is significant for a count: a Poisson-style z score
 * (v − f)/sqrt(f + 1) of at least zMin, and at least minExcess issues. This is what keeps noise out.
 */
export function isAbnormal(l: { actual: number; forecast: number }, zMin: number, minExcess: number): boolean {
  const excess = l.actual - l.forecast;
  return excess >= minExcess && excess / Math.sqrt(l.forecast + 1) >= zMin;
}
