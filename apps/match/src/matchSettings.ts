import {
  defaultBlockingConfig,
  defaultGoldenConfig,
  type BlockingConfig,
  type GoldenField,
  type MergeStrategyName,
  type ResolveConfig,
} from '@rivulet/matching';

export type FieldStrategies = Partial<Record<GoldenField, MergeStrategyName>>;

/** Everything the match logic needs from configuration, already validated (see config.ts for the env). */
export interface MatchSettings {
  confidenceThreshold: number;
  reviewThreshold: number;
  reviewJoins: boolean;
  /** `default` plus per-tenant overrides. */
  mergeStrategy: Record<string, MergeStrategyName>;
  /**
   * Per golden field strategy: `default` for every tenant, plus per-tenant entries that override it field by
   * field. A field in neither follows mergeStrategy.
   */
  fieldStrategies: Record<string, FieldStrategies>;
  /** `default` plus per-tenant overrides; most trusted first. */
  sourcePriority: Record<string, string[]>;
  blocking: BlockingConfig;
}

export const defaultMatchSettings: MatchSettings = {
  confidenceThreshold: 0.8,
  reviewThreshold: 0.5,
  reviewJoins: true,
  mergeStrategy: { default: defaultGoldenConfig.default_strategy },
  fieldStrategies: {},
  sourcePriority: { default: defaultGoldenConfig.source_priority },
  blocking: defaultBlockingConfig,
};

/** The resolve configuration of one tenant: its merge strategies and source priority, or the defaults. */
export function resolveConfigFor(settings: MatchSettings, tenantId: string): ResolveConfig {
  const { default: defaultPriority = defaultGoldenConfig.source_priority, ...tenantPriority } = settings.sourcePriority;
  return {
    confidence_threshold: settings.confidenceThreshold,
    review_threshold: settings.reviewThreshold,
    review_joins: settings.reviewJoins,
    golden: {
      default_strategy: settings.mergeStrategy[tenantId] ?? settings.mergeStrategy.default ?? defaultGoldenConfig.default_strategy,
      field_strategies: { ...settings.fieldStrategies.default, ...settings.fieldStrategies[tenantId] },
      source_priority: defaultPriority,
      tenant_source_priority: tenantPriority,
    },
  };
}
