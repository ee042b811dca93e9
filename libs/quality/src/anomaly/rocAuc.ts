/**
 * Area under the ROC curve = probability that a random positive scores above a random negative (ties count
 * half): the Mann–Whitney U statistic over midranks, O(n log n).
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1 | boolean)[]): number {
  const rows = scores.map((s, i) => ({ s, y: labels[i] ? 1 : 0 })).sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && (rows[j] as { s: number }).s === (rows[i] as { s: number }).s) j++;
    const midrank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((rows[k] as { y: number }).y) { rankSumPos += midrank; pos++; }
    i = j;
  }
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
