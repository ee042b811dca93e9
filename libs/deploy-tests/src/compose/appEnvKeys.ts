import { configSourceKeys, type EnvKey } from './configEnvKeys.js';

/**
 * Every variable an app reads: the keys its config sources declare, plus the shared schemas' keys when a
 * source extends them. An app's own declaration of a shared key wins (it may make it required).
 */
export function appEnvKeys(sources: readonly string[], shared: { base: readonly EnvKey[]; database: readonly EnvKey[] }): EnvKey[] {
  const keys = new Map<string, EnvKey>();
  const parsed = sources.map(configSourceKeys);
  if (parsed.some((p) => p.usesBaseSchema)) for (const k of shared.base) keys.set(k.name, k);
  if (parsed.some((p) => p.usesDatabaseSchema)) for (const k of shared.database) keys.set(k.name, k);
  for (const p of parsed) for (const k of p.keys) keys.set(k.name, k);
  return [...keys.values()].sort((a, b) => a.name.localeCompare(b.name));
}
