import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { stackEnv, startAppProcess, startGroupAtEnd, stopAppProcesses, TEST_MASTER_KEY, uniqueName, type AppProcess } from '@rivulet/testkit';

export { freePort } from '@rivulet/testkit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = join(ROOT, '.local', 'logs', 'e2e');
const run = promisify(execFile);

/** A started app; `port` serves /health and /metrics (and the HTTP API for gateway and api). */
export type RunningApp = AppProcess;

/** Which variable carries each app's HTTP port. */
const PORT_VARIABLE: Record<string, string> = { gateway: 'GATEWAY_PORT', api: 'API_PORT' };

/**
 * Starts one app the way `npm start` does (TypeScript sources through tsx), against the local stack, with
 * the test master key; its output goes to .local/logs/e2e/<name>.log (`logDir`: a run's own folder under
 * .local/logs/e2e, for a test that reads its apps' logs). Resolves once /health answers 200.
 */
export async function startApp(name: string, extraEnv: Record<string, string> = {}, options: { logDir?: string } = {}): Promise<RunningApp> {
  const env = stackEnv(process.env);
  return startAppProcess({
    root: ROOT,
    name,
    logDir: options.logDir ? join(LOG_DIR, options.logDir) : LOG_DIR,
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

/**
 * Starts several apps at once (each as startApp) and pushes every one that started onto `into`, so the
 * caller's stopApps stops them even when another failed to start (then this throws that app's error).
 * Processors whose groups are placed at the topics' end may start in any order: none misses a record.
 */
export async function startApps(into: RunningApp[], names: readonly string[], extraEnv: Record<string, string> = {}, options: { logDir?: string } = {}): Promise<void> {
  const started = await Promise.allSettled(names.map((name) => startApp(name, extraEnv, options)));
  for (const s of started) if (s.status === 'fulfilled') into.push(s.value);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function stopApps(apps: RunningApp[]): Promise<void> {
  await stopAppProcesses(apps);
}

/** Where startApp wrote an app's output. */
export function appLogPath(name: string, logDir?: string): string {
  return join(logDir ? join(LOG_DIR, logDir) : LOG_DIR, `${name}.log`);
}

/**
 * The environment of a run whose PostgreSQL state is all in a schema of its own: every connection's
 * search_path starts with it (DATABASE_URL's `options`: the gateway's subject keys, transform's and quality's
 * lookups, the RCA windows, the CLI), DB_SCHEMA for the apps that take it (projector, api, match: read models,
 * checkpoints, match state) and PII_KEYS_SCHEMA for those reading the keys from elsewhere than their search
 * path (api, match). Shared schemas hold every earlier run's state: a match or RCA app there starts from their
 * checkpoints and works through their backlog.
 */
export function schemaEnv(schema: string): Record<string, string> {
  const url = stackEnv(process.env).databaseUrl;
  return {
    DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
    DB_SCHEMA: schema,
    PII_KEYS_SCHEMA: schema,
  };
}

/** The CLI as an operator runs it (`npm run rivulet -- ...`), against the local stack, with `extraEnv` (e.g. schemaEnv); its stdout. */
export async function rivulet(extraEnv: Record<string, string>, ...args: string[]): Promise<string> {
  const env = stackEnv(process.env);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'apps', 'cli', 'src', 'index.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: env.schemaRegistryUrl, DATABASE_URL: env.databaseUrl, ...extraEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
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
