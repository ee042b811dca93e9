/** Precision / recall / F1 helpers over pairs ("a\u0000b" with a < b) and clusters. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

/** Number of true pairs: Σ C(k, 2) over truth entities. */
export function truePairCount(entityOf: readonly string[]): number {
  const sizes = new Map<string, number>();
  for (const e of entityOf) sizes.set(e, (sizes.get(e) ?? 0) + 1);
  let n = 0;
  for (const k of sizes.values()) n += (k * (k - 1)) / 2;
  return n;
}

/** Pairwise metrics of predicted pairs (record indices) against the truth entity of each record. */
export function pairMetrics(pairs: Iterable<readonly [number, number]>, entityOf: readonly string[]): Prf {
  let tp = 0;
  let fp = 0;
  for (const [a, b] of pairs) {
    if (entityOf[a] === entityOf[b]) tp++;
    else fp++;
  }
  return prf(tp, fp, truePairCount(entityOf) - tp);
}

/** Pairs implied by clusters (every two members of one cluster). */
export function* clusterPairs(clusters: readonly (readonly number[])[]): Generator<[number, number]> {
  for (const c of clusters) for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) yield [c[i]!, c[j]!];
}

/**
 * Cluster-level: a predicted cluster is correct when it equals a truth entity exactly.
 * precision = correct / predicted clusters, recall = correct / truth entities.
 */
export function clusterMetrics(clusters: readonly (readonly number[])[], entityOf: readonly string[]): Prf {
  const truth = new Map<string, number[]>();
  entityOf.forEach((e, i) => truth.set(e, [...(truth.get(e) ?? []), i]));
  const truthKeys = new Set([...truth.values()].map((m) => [...m].sort((a, b) => a - b).join(',')));
  let correct = 0;
  for (const c of clusters) if (truthKeys.has([...c].sort((a, b) => a - b).join(','))) correct++;
  return prf(correct, clusters.length - correct, truth.size - correct);
}
