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

const identifier = (name: string) => z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, `${name} must be a lower-case SQL identifier`);

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
  /** Schema of the match state, checkpoints, outbox and models (like the projector's DB_SCHEMA). */
  DB_SCHEMA: identifier('DB_SCHEMA').default('public'),
  /** Where the edges keep the subject keys (pii_subject_keys); unset: `public` when DB_SCHEMA is another schema. */
  PII_KEYS_SCHEMA: identifier('PII_KEYS_SCHEMA').optional(),
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

/** Where the app keeps what it stores in PostgreSQL, from DB_SCHEMA and PII_KEYS_SCHEMA. */
export interface MatchStorage {
  /** The connection's search_path; unset: the server's (or DATABASE_URL's `options`), as before DB_SCHEMA existed. */
  searchPath?: string[];
  /** A schema other than public is migrated at start, so state never falls through to public's tables. */
  migrateSchema?: string;
  /** Schema of pii_subject_keys when it is not the first on the search path. */
  keysSchema?: string;
}

/**
 * Every table of the match state (migration 0004, the `match` checkpoint, the outbox, the model store, whose
 * EM lock is keyed by current_schema()) is named without a schema, so DB_SCHEMA puts all of it in one schema
 * through the search path: two deployments (or test runs) in different schemas never share match state. The
 * subject keys stay where the edges write them (`public` unless PII_KEYS_SCHEMA says otherwise), as in the API.
 */
export function matchStorageOf(config: Pick<MatchConfig, 'DB_SCHEMA' | 'PII_KEYS_SCHEMA'>): MatchStorage {
  const inSchema = config.DB_SCHEMA !== 'public';
  const keysSchema = config.PII_KEYS_SCHEMA ?? (inSchema ? 'public' : undefined);
  return {
    ...(inSchema ? { searchPath: [config.DB_SCHEMA, 'public'], migrateSchema: config.DB_SCHEMA } : {}),
    ...(keysSchema ? { keysSchema } : {}),
  };
}
