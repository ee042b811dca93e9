import { fileURLToPath } from 'node:url';
import { baseConfigSchema, databaseConfigSchema, parseConfig, z } from '@rivulet/config';
import { parseDuration } from '@rivulet/quality';

const duration = (fallback: string) =>
  z.string().default(fallback).transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `a duration like 30d, 12h or 500ms, got "${text}"` });
      return z.NEVER;
    }
  });
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Repository's config/checks, from src/ or dist/ alike. */
export const DEFAULT_CHECKS_DIR = fileURLToPath(new URL('../../../config/checks', import.meta.url));

export const qualityConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  RIVULET_MASTER_KEY: z.string({ error: 'RIVULET_MASTER_KEY is required (base64, 32 bytes)' }),
  QUALITY_GROUP_ID: z.string().default('rivulet.quality'),
  QUALITY_CHECKS_DIR: z.string().default(DEFAULT_CHECKS_DIR),
  /** Per-tenant thresholds, `<tenant>.yaml`; default `<QUALITY_CHECKS_DIR>/tenants` (absent = none). */
  QUALITY_TENANT_THRESHOLDS_DIR: z.string().optional(),
  /** A key carried again by another event within this much event time is a duplicate. */
  QUALITY_DUPLICATE_WINDOW: duration('30d'),
  QUALITY_RETRAIN_EVERY: positiveInt(1000),
  QUALITY_RESERVOIR_SIZE: positiveInt(1024),
  QUALITY_MIN_TRAIN_ROWS: z.coerce.number().int().min(8).default(64),
  QUALITY_ANOMALY_TREES: positiveInt(100),
  QUALITY_MAX_CHUNK_RECORDS: positiveInt(500),
});

export type QualityConfig = z.infer<typeof qualityConfigSchema>;

export function parseQualityConfig(env: Record<string, string | undefined>): QualityConfig {
  return parseConfig(qualityConfigSchema, env);
}
