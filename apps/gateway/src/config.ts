import { baseConfigSchema, databaseConfigSchema, parseConfig, z } from '@rivulet/config';
import { parseQuotaOverrides, type QuotaLimit } from '@rivulet/ingest';
import { MAX_TENANT_LABELS, OTHER_TENANT_LABEL } from '@rivulet/runtime';
import { parseApiKeys, type ApiKey } from './auth/apiKeys.js';

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

export const gatewayConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** `key:tenant:role,...` — interim API keys until the auth service exists (see README). */
  RIVULET_API_KEYS: z.string({ error: 'required: key:tenant:role[,key:tenant:role...]' }).transform((text, ctx): ApiKey[] => {
    try {
      const keys = parseApiKeys(text);
      if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one key:tenant:role' });
      return keys;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  /** Base64 32-byte key that wraps the per-subject PII keys (openssl rand -base64 32). */
  RIVULET_MASTER_KEY: z.string({ error: 'required: base64 of 32 random bytes (openssl rand -base64 32)' }).min(1),
  INGEST_MAX_BODY_BYTES: int(1, 10 * 1024 * 1024),
  INGEST_PUBLISH_TIMEOUT_MS: int(100, 5_000),
  INGEST_RETRY_AFTER_SECONDS: int(1, 5),
  IDEMPOTENCY_MAX_ENTRIES: int(1, 10_000),
  IDEMPOTENCY_TTL_MS: int(1_000, 24 * 60 * 60 * 1000),
  /** Enables drop folders under this directory. */
  RIVULET_DROP_ROOT: z.string().min(1).optional(),
  RIVULET_DROP_TENANT: z.string().min(1).regex(/^[^/]+$/, 'no "/"').optional(),
  RIVULET_DROP_POLL_MS: int(10, 1_000),
  RIVULET_DROP_SETTLE_MS: int(0, 1_000),
  RIVULET_DROP_STALE_MS: int(1_000, 60_000),
  /** Default ingest quota per tenant, records per second (token bucket); 0 = unlimited. */
  INGEST_QUOTA_RECORDS_PER_SECOND: int(0, 5_000),
  /** Bucket size: the most records a tenant may send at once (default: 10 s worth of the rate). */
  INGEST_QUOTA_BURST: z.coerce.number().int().min(1).optional(),
  /** `tenant=recordsPerSecond[:burst],...`; 0 = unlimited for that tenant. */
  INGEST_QUOTA_OVERRIDES: z.string().default(''),
  /** Tenants named in metric labels (`tenant`), comma-separated; every other tenant is `other`. Default: the API keys' tenants, up to the maximum. */
  METRICS_TENANTS: z.string().optional().transform((text, ctx) => {
    if (text === undefined) return undefined;
    const names = [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
    if (names.length > MAX_TENANT_LABELS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_TENANT_LABELS} tenants (metric labels must stay bounded), got ${names.length}` });
    if (names.includes(OTHER_TENANT_LABEL)) ctx.addIssue({ code: 'custom', message: `"${OTHER_TENANT_LABEL}" is the label of the tenants not named` });
    return names;
  }),
}).transform((c, ctx) => {
  const burstSeconds = 10;
  let overrides: Record<string, QuotaLimit | null> = {};
  try {
    overrides = parseQuotaOverrides(c.INGEST_QUOTA_OVERRIDES, burstSeconds);
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['INGEST_QUOTA_OVERRIDES'], message: (error as Error).message });
  }
  const rate = c.INGEST_QUOTA_RECORDS_PER_SECOND;
  const defaultLimit: QuotaLimit | null = rate === 0 ? null : { recordsPerSecond: rate, burst: c.INGEST_QUOTA_BURST ?? rate * burstSeconds };
  const tenants = [...new Set(c.RIVULET_API_KEYS.map((k) => k.tenantId))].filter((t) => t !== OTHER_TENANT_LABEL);
  return { ...c, ingestQuota: { defaultLimit, overrides }, metricsTenants: c.METRICS_TENANTS ?? tenants.slice(0, MAX_TENANT_LABELS) };
}).refine((c) => !c.RIVULET_DROP_ROOT || c.RIVULET_DROP_TENANT, { message: 'RIVULET_DROP_TENANT is required with RIVULET_DROP_ROOT', path: ['RIVULET_DROP_TENANT'] });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function parseGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return parseConfig(gatewayConfigSchema, env);
}
