import { fileURLToPath } from 'node:url';
import { baseConfigSchema, databaseConfigSchema, parseConfig, z } from '@rivulet/config';
import { DEFAULT_MAPPING_DIR } from '@rivulet/transform';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `5m`, `1h`, `2d`, or `0`; null when malformed. */
export function durationMs(text: string): number | null {
  if (text.trim() === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : null;
}

const duration = (fallback: string) =>
  z.string().default(fallback).transform((text, ctx) => {
    const ms = durationMs(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `a duration like 5m, 1h or 500ms, got "${text}"` });
      return z.NEVER;
    }
    return ms;
  });

/** Repository's config/checks (the quality checks files), from src/ or dist/ alike. */
export const DEFAULT_CHECKS_DIR = fileURLToPath(new URL('../../../config/checks', import.meta.url));

export const rcaConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  RCA_GROUP_ID: z.string().default('rivulet.rca'),
  /** Tumbling window sizes, comma-separated. */
  RCA_WINDOW_SIZES: z.string().default('5m,1h').transform((text, ctx) => {
    const sizes = text.split(',').map((s) => durationMs(s));
    if (sizes.some((s) => s === null || s <= 0)) {
      ctx.addIssue({ code: 'custom', message: `comma-separated positive durations, got "${text}"` });
      return z.NEVER;
    }
    return sizes as number[];
  }),
  /** How late (in event time, behind the newest event of the tenant) an event may arrive and still count. */
  RCA_ALLOWED_LATENESS: duration('2m'),
  /** Closed windows per tenant and size used as the baseline. */
  RCA_HISTORY_SIZE: z.coerce.number().int().min(1).default(24),
  RCA_ANALYZE_INTERVAL: duration('5s'),
  /** Close the windows of a tenant that sent nothing for this long (wall clock); 0 = only event time closes windows. */
  RCA_IDLE_CLOSE: duration('0'),
  /** Event times further than this past an event's ingest time do not move the watermark (a clock gone wrong). */
  RCA_MAX_FUTURE_SKEW: duration('1h'),
  /** Rule used for tenants without rows in alert_rules. */
  RCA_ALERT_MIN_SEVERITY: z.enum(['INFO', 'WARNING', 'CRITICAL']).default('WARNING'),
  /** Quality checks files; their reference checks link an entity's feed to the checks that look it up (lineage graph). */
  RCA_CHECKS_DIR: z.string().default(DEFAULT_CHECKS_DIR),
  /** Transform mappings; they say which canonical topic a reference check's lookup namespace (a source entity) feeds. */
  RCA_MAPPINGS_DIR: z.string().default(DEFAULT_MAPPING_DIR),
  /** Publish findings of windows with no root cause too. */
  RCA_PUBLISH_EMPTY: z.stringbool().default(false),
});

export type RcaAppConfig = z.infer<typeof rcaConfigSchema>;

export function parseRcaConfig(env: Record<string, string | undefined>): RcaAppConfig {
  return parseConfig(rcaConfigSchema, env);
}
