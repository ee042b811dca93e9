import type { CompiledChecks } from '@rivulet/quality';
import type { ReferenceLineage } from '@rivulet/rca';
import { TOPIC_DEFINITIONS } from '@rivulet/contracts';
import type { MappingCatalog } from '@rivulet/transform';

/** Canonical entities (the `<entity>` of `canonical.<entity>`) per lookup namespace of reference checks. */
export type CanonicalEntities = ReadonlyMap<string, readonly string[]>;

const topicOfEvent = new Map(TOPIC_DEFINITIONS.map((d) => [d.event as string, d.name]));

/**
 * A reference check's `entity` is a lookup namespace: the *source* entity whose record ids the quality processor
 * registers (`customer` holds CRM customer ids), not a canonical topic. The canonical topic those records reach is
 * the topic of the primary (first) output of each mapping of that source entity: `crm.customer` → CanonicalPartyRecorded
 * → `canonical.party`. A namespace no mapping has keeps its own name when `canonical.<name>` is a topic.
 */
export function canonicalEntitiesOf(mappings: MappingCatalog): CanonicalEntities {
  const out = new Map<string, Set<string>>();
  for (const m of [...mappings.values()]) {
    const topic = m.outputs[0] ? topicOfEvent.get(m.outputs[0].event) : undefined;
    if (!topic?.startsWith('canonical.')) continue;
    const set = out.get(m.entity) ?? new Set<string>();
    set.add(topic.slice('canonical.'.length));
    out.set(m.entity, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

/**
 * The reference checks of the quality checks files (`type: reference`: a field of one entity that must name a
 * known record of another): the cross-entity lineage RCA's dependency graph needs, since an issue event does
 * not say which entity a failed lookup was about. `referencedEntity` is the canonical entity (see
 * canonicalEntitiesOf); a namespace that resolves to no canonical topic adds no edge rather than one to nowhere.
 */
export function checkReferences(files: ReadonlyMap<string, CompiledChecks>, canonical: CanonicalEntities): ReferenceLineage[] {
  const canonicalTopics = new Set(TOPIC_DEFINITIONS.map((d) => d.name));
  const out: ReferenceLineage[] = [];
  for (const [entity, file] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const c of file.checks) {
      if (c.spec.type !== 'reference') continue;
      const namespace = c.spec.entity;
      const targets = canonical.get(namespace) ?? (canonicalTopics.has(`canonical.${namespace}`) ? [namespace] : []);
      for (const referencedEntity of targets) out.push({ entity, check: c.name, referencedEntity });
    }
  }
  return out;
}
