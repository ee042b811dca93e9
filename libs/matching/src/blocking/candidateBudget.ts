/**
 * Per-record candidate budget: meta-blocking's cardinality node pruning (Papadakis et al., "Meta-Blocking:
 * Taking Entity Resolution to the Next Level", TKDE 2014). Capping each block by sorted neighbourhood bounds
 * what one block adds, but a record sits in several blocks whose sizes all grow with the input (postcode +
 * street, family + birth date, ...), so the union of its capped blocks still grows until every block is
 * capped. The budget keeps, of that union, the `maxCandidates` candidates with the most evidence:
 *
 *   weight(j) = Σ over the blocks shared with j of (1 + 1/(32·|block|))
 *
 * i.e. the number of shared blocks first (its integer part: a duplicate shares name, e-mail, phone, birth
 * date, ... blocks; a stranger shares one), and among equals the rarer blocks first (sharing an e-mail block
 * of 2 says more than sharing a postcode-initial block of 40). Ties go to the smaller key (deterministic).
 * Candidates sharing at least `keepShared` blocks are kept beyond the budget: they are near-certain
 * duplicates (one person billed 50 times), and each block's window still bounds how many there can be.
 */
export interface WeightedCandidate<K> {
  key: K;
  weight: number;
}

/** Adds one shared block of `blockSize` members to a candidate's evidence. */
export function addEvidence<K>(weights: Map<K, number>, key: K, blockSize: number): void {
  // 1/(32·|block|) ≤ 1/64 per block: with the dozen keys a record has, the fraction never reaches the next integer.
  weights.set(key, (weights.get(key) ?? 0) + 1 + 1 / (32 * Math.max(1, blockSize)));
}

/** Blocks a candidate shares with the probe (the integer part of its weight). */
export const sharedBlocks = (weight: number): number => Math.floor(weight);

export interface BudgetOptions {
  /** Candidates kept by weight; 0 = no budget. */
  limit: number;
  /** Candidates sharing at least this many blocks are kept in any case; 0 = none. */
  keepShared: number;
}

/** The best `limit` candidates by weight (then by key), plus every one sharing ≥ keepShared blocks, in key order. */
export function topCandidates<K extends number | string>(weights: ReadonlyMap<K, number>, { limit, keepShared }: BudgetOptions): K[] {
  const all = [...weights.keys()];
  if (!(limit > 0) || all.length <= limit) return all.sort(byKey);
  const ranked = all.sort((a, b) => weights.get(b)! - weights.get(a)! || byKey(a, b));
  let end = limit;
  if (keepShared > 0) while (end < ranked.length && sharedBlocks(weights.get(ranked[end]!)!) >= keepShared) end++;
  return ranked.slice(0, end).sort(byKey);
}

function byKey<K extends number | string>(a: K, b: K): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
