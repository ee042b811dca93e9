import { jsSurprise } from './surprise.js';
import { projectLeaves, type Leaf } from './leaves.js';

export interface AdtributorOptions {
  /** Minimum explanatory power of one element to be a candidate (Adtributor's T_EEP). */
  elementEp?: number;
  /** Stop adding elements to a dimension once their EP sum reaches this (T_EP). */
  dimensionEp?: number;
  /** Dimensions returned, by surprise. */
  k?: number;
}

export interface AdtributorElement { value: string | null; actual: number; forecast: number; explanatoryPower: number; surprise: number }
export interface AdtributorDimension { dimension: string; surprise: number; explanatoryPower: number; elements: AdtributorElement[] }

/**
 * Adtributor (Bhagwan et al., NSDI 2014), for a rise in the metric: per dimension, elements sorted by surprise
 * are taken while each explains at least elementEp of the total change, until their EP sum reaches dimensionEp;
 * dimensions whose candidate set reaches dimensionEp are ranked by the set's surprise and the top k returned.
 */
export function adtributor<D extends string>(leaves: readonly Leaf<D>[], dims: readonly D[], o: AdtributorOptions = {}): AdtributorDimension[] {
  const tEep = o.elementEp ?? 0.1;
  const tEp = o.dimensionEp ?? 0.67;
  const A = leaves.reduce((s, l) => s + l.actual, 0);
  const F = leaves.reduce((s, l) => s + l.forecast, 0);
  if (A <= 0 || F <= 0 || A - F <= 0) return [];
  const out: AdtributorDimension[] = [];
  for (const dim of dims) {
    const elements = projectLeaves(leaves, [dim]).map((e) => ({
      value: e.dims[dim],
      actual: e.actual,
      forecast: e.forecast,
      explanatoryPower: (e.actual - e.forecast) / (A - F),
      surprise: jsSurprise(e.forecast / F, e.actual / A),
    }));
    elements.sort((a, b) => b.surprise - a.surprise || String(a.value).localeCompare(String(b.value)));
    const chosen: AdtributorElement[] = [];
    let ep = 0;
    for (const e of elements) {
      if (e.explanatoryPower < tEep) continue;
      chosen.push(e);
      ep += e.explanatoryPower;
      if (ep >= tEp) break;
    }
    if (ep >= tEp) out.push({ dimension: dim, surprise: chosen.reduce((s, e) => s + e.surprise, 0), explanatoryPower: ep, elements: chosen });
  }
  out.sort((a, b) => b.surprise - a.surprise || a.dimension.localeCompare(b.dimension));
  return out.slice(0, o.k ?? 3);
}
