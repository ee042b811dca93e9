import type { CompiledChecks } from '@rivulet/quality';
import type { ReferenceLineage } from '@rivulet/rca';

/**
 * The reference checks of the quality checks files (`type: reference`: a field of one entity that must name a
 * known record of another): the cross-entity lineage RCA's dependency graph needs, since an issue event does
 * not say which entity a failed lookup was about.
 */
export function checkReferences(files: ReadonlyMap<string, CompiledChecks>): ReferenceLineage[] {
  const out: ReferenceLineage[] = [];
  for (const [entity, file] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const c of file.checks) {
      if (c.spec.type === 'reference') out.push({ entity, check: c.name, referencedEntity: c.spec.entity });
    }
  }
  return out;
}
