import { isApiKey } from '@rivulet/auth';
import { baseConfigSchema, databaseConfigSchema, z } from '@rivulet/config';

/**
 * The API's environment. RIVULET_BOOTSTRAP_ADMIN_KEY + RIVULET_BOOTSTRAP_TENANT give a first admin key
 * (hashed into api_keys at start when absent), from which every other key is created via /admin/api-keys.
 */
export const apiConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend({
    API_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    API_HOST: z.string().default('127.0.0.1'),
    RIVULET_BOOTSTRAP_ADMIN_KEY: z
      .string()
      .refine(isApiKey, {
        message:
          'must look like rk_<12 hex>_<43 base64url chars>; generate one with: node -e "const c=require(\'crypto\');console.log(\'rk_\'+c.randomBytes(6).toString(\'hex\')+\'_\'+c.randomBytes(32).toString(\'base64url\'))"',
      })
      .optional(),
    RIVULET_BOOTSTRAP_TENANT: z.string().min(1).max(100).optional(),
    RIVULET_JWT_HS256_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    RIVULET_JWT_JWKS_URL: z.url().optional(),
    RIVULET_JWT_ISSUER: z.string().optional(),
    RIVULET_JWT_AUDIENCE: z.string().optional(),
    API_BODY_LIMIT: z.string().default('64kb'),
    API_SEED_BODY_LIMIT: z.string().default('5mb'),
    API_FRESHNESS_TTL_MS: z.coerce.number().int().min(0).default(3_000),
    /** Schema of the read models (the projector's DB_SCHEMA); `public` by default. */
    DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier').default('public'),
    API_DB_POOL_SIZE: z.coerce.number().int().min(1).default(10),
    /** Reveals personal fields to callers with `personal:read`; without it they are answered as `[withheld]`. */
    RIVULET_MASTER_KEY: z.string().min(1).optional(),
    /** The live projector's PROJECTION_NAME: POST /replays rebuilds that projection's rows of the caller's tenant. */
    PROJECTION_NAME: z.string().min(1).default('live'),
    /** Where the edges keep the subject keys (pii_subject_keys); stays `public` when DB_SCHEMA serves another schema. */
    PII_KEYS_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier').default('public'),
  })
  .refine((c) => (c.RIVULET_BOOTSTRAP_ADMIN_KEY === undefined) === (c.RIVULET_BOOTSTRAP_TENANT === undefined), {
    message: 'RIVULET_BOOTSTRAP_ADMIN_KEY and RIVULET_BOOTSTRAP_TENANT go together',
    path: ['RIVULET_BOOTSTRAP_TENANT'],
  });

export type ApiConfig = z.infer<typeof apiConfigSchema>;
