import { baseConfigSchema, databaseConfigSchema, parseConfig, z } from '@rivulet/config';

/** Environment of the `rivulet` command (flags override where both exist). */
export const cliConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  RIVULET_TENANT: z.string().min(1).optional(),
  /** Needed for topics with personal fields (every party topic). */
  RIVULET_MASTER_KEY: z.string().min(1).optional(),
  /** `rivulet retention run`: <table>=<n>d|<n>h,... (see @rivulet/projections parseRetentionPolicy). */
  RETENTION_POLICY: z.string().default('quality_issues=30d,quality_issue_summarised=90d'),
  INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
});

export type CliConfig = z.infer<typeof cliConfigSchema>;

export function parseCliConfig(env: Record<string, string | undefined>): CliConfig {
  return parseConfig(cliConfigSchema, env);
}

/** A failure the user can act on: printed without a stack trace, with the given exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit codes: 1 the input was refused (all invalid, too many errors), 2 usage or unreadable input, 3 Kafka/registry/key store unavailable. */
export const EXIT = { rejected: 1, usage: 2, unavailable: 3 } as const;
