/**
 * Adtributor's surprise of one element: its term of the Jensen-Shannon divergence between the expected share
 * p = F_ij/F and the observed share q = A_ij/A, in bits (so in [0, 1]). 0·log 0 is taken as 0.
 */
export function jsSurprise(p: number, q: number): number {
  const m = (p + q) / 2;
  const term = (a: number) => (a > 0 && m > 0 ? a * Math.log2(a / m) : 0);
  return 0.5 * (term(p) + term(q));
}
