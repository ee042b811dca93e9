import { baseConfigSchema, databaseConfigSchema, z } from '@rivulet/config';
import { DEFAULT_RETENTION_POLICY, InvalidRetentionPolicyError, parseRetentionPolicy } from '@rivulet/projections';

const identifier = (name: string) => z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, `${name} must be a lower-case SQL identifier`);

/**
 * A shadow rebuild runs a second projector with another PROJECTION_NAME (its own checkpoints and consumer
 * group) into another DB_SCHEMA, from offset zero, while the live one keeps serving.
 */
export const projectorConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend({
    PROJECTION_NAME: z.string().regex(/^[a-z0-9_.-]+$/, 'PROJECTION_NAME: lower-case letters, digits, "_", "." or "-"').default('live'),
    DB_SCHEMA: identifier('DB_SCHEMA').default('public'),
    /** Defaults to `rivulet.projector.<PROJECTION_NAME>`. */
    PROJECTOR_GROUP_ID: z.string().min(1).optional(),
    /** Apply RETENTION_POLICY to DB_SCHEMA every so many minutes (unset: never; `rivulet retention run` from cron instead). */
    RETENTION_INTERVAL_MINUTES: z.coerce.number().int('RETENTION_INTERVAL_MINUTES: whole minutes').positive('RETENTION_INTERVAL_MINUTES: more than 0').optional(),
    RETENTION_POLICY: z.string().default(DEFAULT_RETENTION_POLICY).transform((text, ctx) => {
      try {
        return parseRetentionPolicy(text);
      } catch (error) {
        if (!(error instanceof InvalidRetentionPolicyError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    }),
  })
  .transform((c) => ({ ...c, PROJECTOR_GROUP_ID: c.PROJECTOR_GROUP_ID ?? `rivulet.projector.${c.PROJECTION_NAME}` }));

export type ProjectorConfig = z.infer<typeof projectorConfigSchema>;
