import { baseConfigSchema, databaseConfigSchema } from '@rivulet/config';
import type { EnvKey } from './configEnvKeys.js';

interface ObjectSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
}

/**
 * The keys of a zod object schema, judged by the schema itself: required when it rejects a missing
 * value, "local default" when the value it fills in names the local stack's loopback addresses.
 */
export function schemaKeys(schema: ObjectSchema): EnvKey[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const parsed = field.safeParse(undefined);
    const fallback = parsed.success ? JSON.stringify(parsed.data) ?? '' : '';
    return { name, required: !parsed.success, localDefault: /127\.0\.0\.1|localhost/.test(fallback) };
  });
}

/** @rivulet/config's shared schemas, which apps extend (KAFKA_BROKERS, ..., DATABASE_URL). */
export function sharedConfigKeys(): { base: EnvKey[]; database: EnvKey[] } {
  return { base: schemaKeys(baseConfigSchema), database: schemaKeys(databaseConfigSchema) };
}
