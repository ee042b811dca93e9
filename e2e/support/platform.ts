import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stackEnv, startAppProcess, stopAppProcesses, TEST_MASTER_KEY, type AppProcess } from '@rivulet/testkit';

export { freePort } from '@rivulet/testkit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = join(ROOT, '.local', 'logs', 'e2e');

/** A started app; `port` serves /health and /metrics (and the HTTP API for gateway and api). */
export type RunningApp = AppProcess;

/** Which variable carries each app's HTTP port. */
const PORT_VARIABLE: Record<string, string> = { gateway: 'GATEWAY_PORT', api: 'API_PORT' };

/**
 * Starts one app the way `npm start` does (TypeScript sources through tsx), against the local stack, with
 * the test master key; its output goes to .local/logs/e2e/<name>.log. Resolves once /health answers 200.
 */
export async function startApp(name: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const env = stackEnv(process.env);
  return startAppProcess({
    root: ROOT,
    name,
    logDir: LOG_DIR,
    portVariable: PORT_VARIABLE[name] ?? 'OPS_PORT',
    env: {
      ...process.env,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: env.schemaRegistryUrl,
      DATABASE_URL: env.databaseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: env.otlpEndpoint,
      RIVULET_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
  });
}

export async function stopApps(apps: RunningApp[]): Promise<void> {
  await stopAppProcesses(apps);
}
