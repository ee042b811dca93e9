/** Sets `a.b.c` in a plain object, creating the intermediate objects. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/**
 * A nested record assembled from dotted targets (`address.street`, `address.city`) whose every field is
 * null becomes null itself: canonical nested records are nullable unions, and "an address of nothing" is
 * no address.
 */
export function nullEmptyGroups(target: Record<string, unknown>, paths: readonly string[]): void {
  const groups = new Set(paths.filter((p) => p.includes('.')).map((p) => p.split('.')[0] as string));
  for (const group of groups) {
    const node = target[group];
    if (typeof node === 'object' && node !== null && Object.values(node).every((v) => v === null)) target[group] = null;
  }
}
