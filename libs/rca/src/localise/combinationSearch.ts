import { jsSurprise } from './surprise.js';
import { isAbnormal, type Leaf } from './leaves.js';

export interface CombinationOptions {
  /** Most dimensions in one combination (default 3). */
  maxDimensions?: number;
  /** Most combinations returned (default 5). */
  k?: number;
  /** Significance of a leaf's excess (see isAbnormal); defaults 3 and 3. */
  zMin?: number;
  minExcess?: number;
  /** Stop when the best remaining combination explains less than this share of the problem (default 0.05). */
  minShare?: number;
}

export interface Combination<D extends string = string> {
  dimensions: Partial<Record<D, string | null>>;
  actual: number;
  forecast: number;
  /** Share of the problem (Σ excess of abnormal leaves) this combination claimed, in [0, 1]. */
  share: number;
  /** Fraction of the combination's own issues that are abnormal excess: low when it is too general. */
  precision: number;
  /** HotSpot potential score: how much of the deviation a proportional change of only this combination explains. */
  ripple: number;
  surprise: number;
  explanatoryPower: number;
  score: number;
  /** Keys of the abnormal leaves it claimed. */
  leafKeys: string[];
}

interface Candidate<D extends string> { dims: readonly D[]; values: (string | null)[]; key: string; order: number[] }

/**
 * Multi-dimensional localisation in the spirit of Squeeze and HotSpot/iDice: candidates are the projections of
 * abnormal leaves onto every cuboid of up to maxDimensions dimensions; a greedy set cover then repeatedly takes
 * the candidate with the best F1 of precision (its issues are mostly excess) and recall (it covers the remaining
 * excess), weighted by its ripple-effect score, removes the leaves it explains and goes on. Ties (e.g. source and
 * entity that always go together) go to fewer dimensions, then to dimensions earlier in `dims`, then to the key,
 * so the result is deterministic and names the most upstream equivalent.
 */
export function combinationSearch<D extends string>(leaves: readonly Leaf<D>[], dims: readonly D[], o: CombinationOptions = {}): Combination<D>[] {
  const zMin = o.zMin ?? 3;
  const minExcess = o.minExcess ?? 3;
  const abnormal = leaves.filter((l) => isAbnormal(l, zMin, minExcess));
  const totalExcess = abnormal.reduce((s, l) => s + (l.actual - l.forecast), 0);
  if (totalExcess <= 0) return [];
  const cuboids = subsets(dims, o.maxDimensions ?? 3);
  const candidates = new Map<string, Candidate<D>>();
  for (const l of abnormal) for (const c of cuboids) {
    const values = c.map((d) => l.dims[d]);
    const key = candidateKey(c, values);
    if (!candidates.has(key)) candidates.set(key, { dims: c, values, key, order: c.map((d) => dims.indexOf(d)) });
  }
  const stats = candidateStats(leaves, cuboids, candidates, zMin, minExcess);
  const V = leaves.reduce((s, l) => s + l.actual, 0);
  const F = leaves.reduce((s, l) => s + l.forecast, 0);
  const remaining = new Set(abnormal.map((l) => l.key));
  const chosen: Combination<D>[] = [];
  while (chosen.length < (o.k ?? 5) && remaining.size > 0) {
    const left = abnormal.filter((l) => remaining.has(l.key));
    const leftExcess = left.reduce((s, l) => s + (l.actual - l.forecast), 0);
    const claim = new Map<string, { excess: number; keys: string[] }>();
    for (const l of left) for (const c of cuboids) {
      const key = candidateKey(c, c.map((d) => l.dims[d]));
      const acc = claim.get(key) ?? { excess: 0, keys: [] };
      acc.excess += l.actual - l.forecast;
      acc.keys.push(l.key);
      claim.set(key, acc);
    }
    let best: { cand: Candidate<D>; score: number; claimed: { excess: number; keys: string[] } } | undefined;
    for (const [key, claimed] of claim) {
      const s = stats.get(key)!;
      const recall = claimed.excess / leftExcess;
      const f1 = (2 * s.precision * recall) / (s.precision + recall || 1);
      const score = f1 * (0.75 + 0.25 * s.ripple);
      const cand = candidates.get(key)!;
      if (!best || score > best.score + 1e-12 || (Math.abs(score - best.score) <= 1e-12 && better(cand, best.cand))) {
        best = { cand, score, claimed };
      }
    }
    if (!best || best.claimed.excess / totalExcess < (o.minShare ?? 0.05)) break;
    const s = stats.get(best.cand.key)!;
    for (const k of best.claimed.keys) remaining.delete(k);
    chosen.push({
      dimensions: Object.fromEntries(best.cand.dims.map((d, i) => [d, best.cand.values[i]])) as Partial<Record<D, string | null>>,
      actual: s.actual,
      forecast: s.forecast,
      share: best.claimed.excess / totalExcess,
      precision: s.precision,
      ripple: s.ripple,
      surprise: jsSurprise(s.forecast / F, V > 0 ? s.actual / V : 0),
      explanatoryPower: V - F > 0 ? (s.actual - s.forecast) / (V - F) : 0,
      score: best.score,
      leafKeys: best.claimed.keys,
    });
  }
  return chosen;
}

interface Stats { actual: number; forecast: number; precision: number; ripple: number }

function candidateStats<D extends string>(
  leaves: readonly Leaf<D>[], cuboids: readonly (readonly D[])[], candidates: Map<string, Candidate<D>>, zMin: number, minExcess: number,
): Map<string, Stats> {
  const acc = new Map<string, { actual: number; forecast: number; abnormalExcess: number; dev: number; ripple: number }>();
  const keysOf = (l: Leaf<D>) => cuboids.map((c) => candidateKey(c, c.map((d) => l.dims[d]))).filter((k) => candidates.has(k));
  let totalDev = 0;
  for (const l of leaves) {
    const dev = Math.abs(l.actual - l.forecast);
    totalDev += dev;
    const abnormalExcess = isAbnormal(l, zMin, minExcess) ? l.actual - l.forecast : 0;
    for (const k of keysOf(l)) {
      const a = acc.get(k) ?? { actual: 0, forecast: 0, abnormalExcess: 0, dev: 0, ripple: 0 };
      a.actual += l.actual;
      a.forecast += l.forecast;
      a.abnormalExcess += abnormalExcess;
      a.dev += dev;
      acc.set(k, a);
    }
  }
  // Ripple effect (HotSpot): if only this combination changed, each of its leaves moves in proportion to its
  // forecast, a' = f · A_C / F_C. The potential score is the share of all deviation that this explains.
  for (const l of leaves) for (const k of keysOf(l)) {
    const a = acc.get(k)!;
    a.ripple += Math.abs(l.actual - (l.forecast * a.actual) / a.forecast);
  }
  const out = new Map<string, Stats>();
  for (const [k, a] of acc) {
    out.set(k, {
      actual: a.actual,
      forecast: a.forecast,
      precision: a.actual > 0 ? Math.max(0, a.abnormalExcess / a.actual) : 0,
      ripple: totalDev > 0 ? Math.max(0, Math.min(1, (a.dev - a.ripple) / totalDev)) : 0,
    });
  }
  return out;
}

/** Fewer dimensions first; then dimensions earlier in the configured order (source before entity: the more upstream name); then the key. */
function better<D extends string>(a: Candidate<D>, b: Candidate<D>): boolean {
  if (a.dims.length !== b.dims.length) return a.dims.length < b.dims.length;
  for (let i = 0; i < a.order.length; i++) if (a.order[i] !== b.order[i]) return a.order[i]! < b.order[i]!;
  return a.key < b.key;
}

function candidateKey(dims: readonly string[], values: readonly (string | null)[]): string {
  return JSON.stringify([dims, values]);
}

/** Non-empty subsets of dims with at most max members, in a fixed order (by size, then position). */
export function subsets<D extends string>(dims: readonly D[], max: number): D[][] {
  const out: D[][] = [];
  const rec = (start: number, acc: D[]) => {
    if (acc.length > 0) out.push([...acc]);
    if (acc.length === max) return;
    for (let i = start; i < dims.length; i++) rec(i + 1, [...acc, dims[i]!]);
  };
  rec(0, []);
  return out.sort((a, b) => a.length - b.length);
}
