import {
  defaultBlockingConfig,
  defaultGoldenConfig,
  type BlockingConfig,
  type MergeStrategyName,
  type ResolveConfig,
} from '@rivulet/matching';

/** Everything the match logic needs from configuration, already validated (see config.ts for the env). */
export interface MatchSettings {
  confidenceThreshold: number;
  reviewThreshold: number;
  reviewJoins: boolean;
  /** `default` plus per-tenant overrides. */
  mergeStrategy: Record<string, MergeStrategyName>;
  /** `default` plus per-tenant overrides; most trusted first. */
  sourcePriority: Record<string, string[]>;
  blocking: BlockingConfig;
}

export const defaultMatchSettings: MatchSettings = {
  confidenceThreshold: 0.8,
  reviewThreshold: 0.5,
  reviewJoins: true,
  mergeStrategy: { default: defaultGoldenConfig.default_strategy },
  sourcePriority: { default: defaultGoldenConfig.source_priority },
  blocking: defaultBlockingConfig,
};

/** The resolve configuration of one tenant: its merge strategy and source priority, or the defaults. */
export function resolveConfigFor(settings: MatchSettings, tenantId: string): ResolveConfig {
  const { default: defaultPriority = defaultGoldenConfig.source_priority, ...tenantPriority } = settings.sourcePriority;
  return {
    confidence_threshold: settings.confidenceThreshold,
    review_threshold: settings.reviewThreshold,
    review_joins: settings.reviewJoins,
    golden: {
      default_strategy: settings.mergeStrategy[tenantId] ?? settings.mergeStrategy.default ?? defaultGoldenConfig.default_strategy,
      field_strategies: {},
      source_priority: defaultPriority,
      tenant_source_priority: tenantPriority,
    },
  };
}
