import { baseConfigSchema, databaseConfigSchema, z } from '@rivulet/config';
import { GOLDEN_FIELDS, MERGE_STRATEGIES } from '@rivulet/matching';
import type { MatchSettings } from './matchSettings.js';
import { defaultMatchSettings } from './matchSettings.js';

const strategy = z.enum(MERGE_STRATEGIES);

/** `{"default": {"email": "most_recent"}, "<tenant>": {"given_name": "priority_based"}}`: golden field → strategy. */
const fieldStrategies = z.record(z.string(), z.partialRecord(z.enum(GOLDEN_FIELDS), strategy).refine(
  (fields) => Object.keys(fields).length > 0, 'name at least one golden field',
));

/** A JSON object in an environment variable, validated by `inner`. */
const jsonEnv = <T extends z.ZodType>(inner: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  }).pipe(inner);

/** MATCH_MERGE_STRATEGY is a plain name for every tenant, or JSON `{"default": name, "<tenant>": name}`. */
const mergeStrategy = z
  .string()
  .default(defaultMatchSettings.mergeStrategy.default!)
  .transform((text, ctx) => {
    if (!text.trim().startsWith('{')) {
      const parsed = strategy.safeParse(text.trim());
      if (parsed.success) return { default: parsed.data };
      ctx.addIssue({ code: 'custom', message: 'priority_based | most_recent | most_complete, or JSON {"default": ..., "<tenant>": ...}' });
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = z.record(z.string(), strategy).safeParse(json);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'JSON object of tenant → priority_based | most_recent | most_complete' });
    return z.NEVER;
  });

const probability = (d: number) => z.coerce.number().min(0).max(1).default(d);
const ms = (d: number) => z.coerce.number().int().min(1).default(d);

export const matchConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  RIVULET_MASTER_KEY: z.string({ error: 'RIVULET_MASTER_KEY is required (base64, 32 bytes)' }),
  MATCH_GROUP_ID: z.string().default('rivulet.match'),
  MATCH_CONFIDENCE_THRESHOLD: probability(0.8),
  MATCH_REVIEW_THRESHOLD: probability(0.5),
  MATCH_REVIEW_JOINS: z.stringbool().default(true),
  MATCH_MERGE_STRATEGY: mergeStrategy,
  MATCH_FIELD_STRATEGIES: jsonEnv(fieldStrategies).default({}),
  MATCH_SOURCE_PRIORITY: jsonEnv(z.record(z.string(), z.array(z.string()).min(1))).default({ default: ['crm', 'erp', 'billing'] }),
  MATCH_EM_INTERVAL_MS: ms(10 * 60_000),
  MATCH_EM_MIN_PAIRS: z.coerce.number().int().min(10).default(1_000),
  MATCH_EM_MAX_PAIRS: z.coerce.number().int().min(10).default(50_000),
  MATCH_RELAY_POLL_MS: ms(500),
  MATCH_RELAY_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
}).refine((c) => c.MATCH_REVIEW_THRESHOLD <= c.MATCH_CONFIDENCE_THRESHOLD, {
  message: 'MATCH_REVIEW_THRESHOLD must not exceed MATCH_CONFIDENCE_THRESHOLD',
  path: ['MATCH_REVIEW_THRESHOLD'],
});

export type MatchConfig = z.infer<typeof matchConfigSchema>;

export function matchSettingsOf(config: MatchConfig): MatchSettings {
  return {
    ...defaultMatchSettings,
    confidenceThreshold: config.MATCH_CONFIDENCE_THRESHOLD,
    reviewThreshold: config.MATCH_REVIEW_THRESHOLD,
    reviewJoins: config.MATCH_REVIEW_JOINS,
    mergeStrategy: config.MATCH_MERGE_STRATEGY,
    fieldStrategies: config.MATCH_FIELD_STRATEGIES,
    sourcePriority: config.MATCH_SOURCE_PRIORITY,
  };
}
