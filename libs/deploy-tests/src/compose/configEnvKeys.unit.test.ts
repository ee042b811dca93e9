import { describe, expect, it } from 'vitest';
import { configSourceKeys } from './configEnvKeys.js';

describe('configSourceKeys', () => {
  it('given an extended shared schema, then its own keys are listed with requiredness and the shared schemas are noted', () => {
    const source = `
      const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
      const mergeStrategy = z
        .string()
        .default('x')
        .transform((t) => t);

      export const schema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
        PORT: z.coerce.number().default(8080),
        /** A key: with a comment, { braces } and, commas */
        KEYS: z.string({ error: 'required: key:tenant:role, ...' }).transform((text, ctx) => {
          if (!text) ctx.addIssue({ code: 'custom', message: 'x' });
          return text;
        }),
        SECRET: z.string().min(1),
        LIMIT: int(1, 5),
        STRATEGY: mergeStrategy,
        ROOT: z.string().optional(),
        HOST: z.string().default('127.0.0.1'),
      }).refine((c) => c, { message: 'm', path: ['ROOT'] });`;
    const result = configSourceKeys(source);
    expect(result.keys).toEqual([
      { name: 'PORT', required: false, localDefault: false },
      { name: 'KEYS', required: true, localDefault: false },
      { name: 'SECRET', required: true, localDefault: false },
      { name: 'LIMIT', required: false, localDefault: false },
      { name: 'STRATEGY', required: false, localDefault: false },
      { name: 'ROOT', required: false, localDefault: false },
      { name: 'HOST', required: false, localDefault: true },
    ]);
    expect(result.usesBaseSchema).toBe(true);
    expect(result.usesDatabaseSchema).toBe(true);
  });

  it('given an inline z.object with lower-case helper properties, then only environment names are listed', () => {
    const source = `const Env = z.object({ KAFKA_BROKERS: z.string().default('a'), other: z.string() });`;
    expect(configSourceKeys(source)).toEqual({ keys: [{ name: 'KAFKA_BROKERS', required: false, localDefault: false }], usesBaseSchema: false, usesDatabaseSchema: false });
  });
});
