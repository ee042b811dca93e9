import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, TEST_MASTER_KEY, waitFor } from '@rivulet/testkit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = join(ROOT, '.local', 'logs', 'e2e');

export interface RunningApp {
  name: string;
  /** Port of /health and /metrics (and of the HTTP API for gateway and api). */
  port: number;
  process: ChildProcess;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Which variable carries each app's HTTP port. */
const PORT_VARIABLE: Record<string, string> = { gateway: 'GATEWAY_PORT', api: 'API_PORT' };

/**
 * Starts one app the way `npm start` does (TypeScript sources through tsx), against the local stack, with
 * the test master key; its output goes to .local/logs/e2e/<name>.log. Resolves once /health answers 200.
 */
export async function startApp(name: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const env = stackEnv(process.env);
  const port = await freePort();
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'apps', name, 'src', 'index.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: env.schemaRegistryUrl,
      DATABASE_URL: env.databaseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: env.otlpEndpoint,
      RIVULET_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'info',
      [PORT_VARIABLE[name] ?? 'OPS_PORT']: String(port),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  await waitFor(
    async () => {
      if (dead) throw new Error(`${name} exited during start-up; see ${join(LOG_DIR, `${name}.log`)}`);
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return res?.ok ?? false;
    },
    { timeoutMs: 120_000, intervalMs: 500, description: `${name} to be healthy` },
  );
  return { name, port, process: child, exited };
}

export async function stopApps(apps: RunningApp[]): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      app.process.kill('SIGTERM');
      const timer = setTimeout(() => app.process.kill('SIGKILL'), 20_000);
      await app.exited;
      clearTimeout(timer);
    }),
  );
}
