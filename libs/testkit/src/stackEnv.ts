import { randomBytes } from 'node:crypto';

/** Addresses of the stack the tests run against; defaults are those `npm run stack:up` starts. */
export interface StackEnv {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  otlpEndpoint: string;
  jaegerQueryUrl: string;
}

export function stackEnv(env: NodeJS.ProcessEnv): StackEnv {
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((b) => b.trim()),
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7',
    databaseUrl: env.DATABASE_URL ?? 'postgres://rivulet:rivulet@127.0.0.1:15432/rivulet',
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:14318',
    jaegerQueryUrl: env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686',
  };
}

/** A name no other test (or earlier run) uses: tests never share topics, groups or ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
