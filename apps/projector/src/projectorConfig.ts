import { baseConfigSchema, databaseConfigSchema, z } from '@rivulet/config';

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
  })
  .transform((c) => ({ ...c, PROJECTOR_GROUP_ID: c.PROJECTOR_GROUP_ID ?? `rivulet.projector.${c.PROJECTION_NAME}` }));

export type ProjectorConfig = z.infer<typeof projectorConfigSchema>;
