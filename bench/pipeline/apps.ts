import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@rivulet/testkit';
import { readPeakRss } from './procStatus.js';

export interface BenchApp {
  name: string;
  port: number;
  process: ChildProcess;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts one app as `npm start` does (TypeScript sources through tsx, one Node process whose pid is the
 * app's), logs to <logDir>/<name>.log, and resolves once /health answers 200. `cpuProfDir` adds
 * `--cpu-prof` (the profile is written when the app exits on SIGTERM).
 */
export async function startApp(root: string, name: string, env: NodeJS.ProcessEnv, logDir: string, cpuProfDir?: string): Promise<BenchApp> {
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const prof = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', '--conditions=source', join(root, 'apps', name, 'src', 'index.ts')], {
    cwd: root,
    env: { ...env, OPS_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the bench itself dies (Ctrl-C, a timeout), its apps must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => process.off('exit', orphanGuard));
  let dead = false;
  void exited.then(() => (dead = true));
  await waitFor(
    async () => {
      if (dead) throw new Error(`${name} exited during start-up; see ${join(logDir, `${name}.log`)}`);
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return res?.ok ?? false;
    },
    { timeoutMs: 180_000, intervalMs: 250, description: `${name} to be healthy` },
  );
  return { name, port, process: child, exited };
}

/** Peak RSS of each running app, read before they stop. */
export function peakRss(apps: readonly BenchApp[]): Record<string, number | null> {
  return Object.fromEntries(apps.map((a) => [a.name, (a.process.pid && readPeakRss(a.process.pid)) ?? null]));
}

export async function stopApps(apps: readonly BenchApp[]): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      app.process.kill('SIGTERM');
      const timer = setTimeout(() => app.process.kill('SIGKILL'), 30_000);
      await app.exited;
      clearTimeout(timer);
    }),
  );
}
