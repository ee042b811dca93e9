import type { AvroMergeStrategy, GoldenField } from '../events.js';

/** The seed's merge_strategy names. */
export const MERGE_STRATEGIES = ['priority_based', 'most_recent', 'most_complete'] as const;
export type MergeStrategyName = (typeof MERGE_STRATEGIES)[number];

/** Every field of the golden record, each merged by its own strategy (`field_strategies`) or the default. */
export const GOLDEN_FIELDS = [
  'party_type', 'given_name', 'family_name', 'full_name', 'organization_name', 'email', 'phone',
  'date_of_birth', 'address', 'region', 'segment',
] as const satisfies readonly GoldenField[];

export interface GoldenConfig {
  /** Strategy for every field without its own entry (the seed's default: most_complete). */
  default_strategy: MergeStrategyName;
  /** Per-field override, e.g. `{ email: 'most_recent', given_name: 'priority_based' }`. */
  field_strategies: Partial<Record<GoldenField, MergeStrategyName>>;
  /** Most trusted source first, for priority_based; sources not listed rank after all listed ones. */
  source_priority: string[];
  /** Per-tenant override of source_priority. */
  tenant_source_priority: Record<string, string[]>;
}

export const defaultGoldenConfig: GoldenConfig = {
  default_strategy: 'most_complete',
  field_strategies: {},
  source_priority: ['crm', 'erp', 'billing'],
  tenant_source_priority: {},
};

/** The Avro enum has one value per entity: the default strategy's. */
export function avroMergeStrategy(name: MergeStrategyName): AvroMergeStrategy {
  switch (name) {
    case 'priority_based':
      return 'MOST_TRUSTED_SOURCE';
    case 'most_recent':
      return 'MOST_RECENT';
    case 'most_complete':
      return 'MOST_COMPLETE';
  }
}
