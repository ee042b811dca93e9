import { baseConfigSchema, databaseConfigSchema, parseConfig, z } from '@rivulet/config';
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
}).refine((c) => !c.RIVULET_DROP_ROOT || c.RIVULET_DROP_TENANT, { message: 'RIVULET_DROP_TENANT is required with RIVULET_DROP_ROOT', path: ['RIVULET_DROP_TENANT'] });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function parseGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return parseConfig(gatewayConfigSchema, env);
}
