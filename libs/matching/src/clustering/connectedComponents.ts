/**
 * Connected components of an undirected graph given as edges between string node ids (union-find with path
 * halving). Components come back sorted: members ascending, components by their smallest member, so the
 * output depends only on the graph, not on the order edges arrived in.
 */
export function connectedComponents(
  nodes: Iterable<string>,
  edges: Iterable<readonly [string, string]>,
): string[][] {
  const parent = new Map<string, string>();
  for (const n of nodes) parent.set(n, n);
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) {
      const p = parent.get(r)!;
      parent.set(r, parent.get(p)!);
      r = parent.get(r)!;
    }
    return r;
  };
  for (const [a, b] of edges) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, string[]>();
  for (const n of parent.keys()) {
    const r = find(n);
    const g = groups.get(r);
    if (g) g.push(n);
    else groups.set(r, [n]);
  }
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}
