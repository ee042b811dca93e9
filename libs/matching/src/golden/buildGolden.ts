import type { FieldProvenance, GoldenField, GoldenPartyFields } from '../events.js';
import type { PartyRecord, PostalAddress } from '../partyRecord.js';
import { defaultGoldenConfig, GOLDEN_FIELDS as FIELDS, type GoldenConfig, type MergeStrategyName } from './goldenConfig.js';

function nonEmptyAddress(a: PostalAddress | null | undefined): PostalAddress | null {
  if (!a) return null;
  return a.street || a.city || a.postcode || a.country_code ? a : null;
}

function valueOf(r: PartyRecord, field: GoldenField): unknown {
  const v = field === 'address' ? nonEmptyAddress(r.address) : (r as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' && v.trim() === '' ? null : (v ?? null);
}

/** Non-null golden fields a record carries: the "completeness" of most_complete. */
export function completeness(r: PartyRecord): number {
  return FIELDS.filter((f) => valueOf(r, f) !== null).length;
}

export interface GoldenResult {
  golden: GoldenPartyFields;
  provenance: Partial<Record<GoldenField, FieldProvenance>>;
}

type Ranker = (a: PartyRecord, b: PartyRecord) => number;

// Every ranking ends on party_key so the survivor never depends on member order.
const byKey: Ranker = (a, b) => (a.party_key < b.party_key ? -1 : a.party_key > b.party_key ? 1 : 0);
const byRecent: Ranker = (a, b) => b.event_time - a.event_time || byKey(a, b);

function ranker(strategy: MergeStrategyName, priority: readonly string[]): Ranker {
  switch (strategy) {
    case 'most_recent':
      return byRecent;
    case 'most_complete':
      return (a, b) => completeness(b) - completeness(a) || byRecent(a, b);
    case 'priority_based': {
      const rank = (s: string) => {
        const i = priority.indexOf(s);
        return i < 0 ? priority.length : i;
      };
      return (a, b) => rank(a.source_system) - rank(b.source_system) || byRecent(a, b);
    }
  }
}

/**
 * Survivor values of an entity, field by field: among members that have a value for the field, the best
 * ranked by the field's strategy supplies it, and provenance records which member that was.
 */
export function buildGolden(members: readonly PartyRecord[], config: GoldenConfig = defaultGoldenConfig): GoldenResult {
  const tenant = members[0]?.tenant_id ?? '';
  const priority = config.tenant_source_priority[tenant] ?? config.source_priority;
  const golden: Record<string, unknown> = {};
  const provenance: Partial<Record<GoldenField, FieldProvenance>> = {};
  for (const field of FIELDS) {
    const rank = ranker(config.field_strategies[field] ?? config.default_strategy, priority);
    const best = members.filter((m) => valueOf(m, field) !== null).sort(rank)[0];
    golden[field] = best ? valueOf(best, field) : null;
    if (best) provenance[field] = { party_key: best.party_key, source_system: best.source_system, event_time: best.event_time };
  }
  if (golden.party_type === null) golden.party_type = 'PERSON';
  return { golden: golden as unknown as GoldenPartyFields, provenance };
}
