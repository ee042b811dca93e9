import { z } from 'zod';

/** A configuration variable is missing or malformed; the message names each variable and the problem. */
export class ConfigError extends Error {
  readonly retriable = false;

  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, at start, into a typed object; fails fast with every problem at once.
 * `env` is passed in (apps give `process.env`; libraries never read it themselves).
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
}

const csv = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(z.string()).min(1, 'at least one value'));

const port = (defaultValue: number) => z.coerce.number().int().min(0).max(65_535).default(defaultValue);

/** Settings every app shares; apps extend it with their own. Defaults are the local stack's addresses. */
export const baseConfigSchema = z.object({
  KAFKA_BROKERS: csv('127.0.0.1:19092'),
  KAFKA_SSL: z.stringbool().default(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:18081/apis/ccompat/v7'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Port of /health and /metrics (0 picks a free one). */
  OPS_PORT: port(0),
  /** Interface of /health and /metrics: loopback by default; 0.0.0.0 in containers so Prometheus can scrape. */
  OPS_HOST: z.string().default('127.0.0.1'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export const databaseConfigSchema = z.object({
  DATABASE_URL: z.string().startsWith('postgres', 'a postgres:// or postgresql:// URL').default('postgres://rivulet:rivulet@127.0.0.1:15432/rivulet'),
});

type Credentials = { username: string; password: string };
/** kafkajs's SASLOptions for the mechanisms Rivulet configures (kafkajs types each mechanism separately). */
export type KafkaSasl = ({ mechanism: 'plain' } & Credentials) | ({ mechanism: 'scram-sha-256' } & Credentials) | ({ mechanism: 'scram-sha-512' } & Credentials);

/** The kafkajs SASL block from the shared settings, when configured. */
export function saslOptions(config: Pick<BaseConfig, 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'>): KafkaSasl | undefined {
  if (!config.KAFKA_SASL_MECHANISM) return undefined;
  if (!config.KAFKA_SASL_USERNAME || !config.KAFKA_SASL_PASSWORD) {
    throw new ConfigError(['KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM']);
  }
  return { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD } as KafkaSasl;
}

export { z };
