import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { stackEnv, startAppProcess, startGroupAtEnd, stopAppProcesses, TEST_MASTER_KEY, uniqueName, type AppProcess } from '@rivulet/testkit';

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

/** Consumer groups of a run's own for the processors and the projector, as their `<APP>_GROUP_ID` variables. */
export function runGroups(prefix: string): Record<string, string> {
  return Object.fromEntries(['TRANSFORM', 'QUALITY', 'MATCH', 'RCA', 'PROJECTOR'].map((app) => [`${app}_GROUP_ID`, uniqueName(`${prefix}.${app.toLowerCase()}`)]));
}

/**
 * Places each group at the current end of the shared catalogue topics, so a run's apps read what the run
 * ingests (and whatever else arrives meanwhile), never the backlog of earlier runs. The groups are placed
 * concurrently: one at a time is ~5 s per topic (kafkajs joins the group to commit).
 */
export async function startGroupsAtCatalogueEnd(kafka: Kafka, groupIds: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const catalogue = (await admin.listTopics()).filter((t) => /^(raw|canonical|quality|kpi|match|entities|rca)\.|^alerts$/.test(t));
  await admin.disconnect();
  await Promise.all(groupIds.map((group) => startGroupAtEnd(kafka, group, catalogue)));
}
