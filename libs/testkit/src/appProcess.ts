import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './waitFor.js';

export interface AppProcess {
  name: string;
  port: number;
  process: ChildProcess;
  exited: Promise<number | null>;
}

export interface StartAppProcessOptions {
  /** Repository root: the app runs from `<root>/apps/<name>/src/index.ts`. */
  root: string;
  name: string;
  /** The whole environment of the child (the caller merges process.env in if it wants it). */
  env: NodeJS.ProcessEnv;
  /** Which variable carries the HTTP port the app answers /health on (OPS_PORT for processors). */
  portVariable?: string;
  /** Output goes to `<logDir>/<name>.log` (appended). */
  logDir: string;
  /** Extra Node flags before the entry point (e.g. --cpu-prof). */
  nodeArgs?: readonly string[];
  healthTimeoutMs?: number;
}

/** A port the OS just handed out on loopback (free now; the app binds it right after). */
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

/**
 * Starts one app as `npm start` does (TypeScript sources through tsx, one Node process whose pid is the
 * app's) on a free port and resolves once /health answers 200. An app that never becomes healthy is killed
 * before the error is thrown, and none outlives the calling process: a failed start-up must not leave a
 * processor consuming shared topics behind it.
 */
export async function startAppProcess(options: StartAppProcessOptions): Promise<AppProcess> {
  const { root, name, logDir } = options;
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', '--conditions=source', join(root, 'apps', name, 'src', 'index.ts')], {
    cwd: root,
    env: { ...options.env, [options.portVariable ?? 'OPS_PORT']: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => process.off('exit', orphanGuard));
  let dead = false;
  void exited.then(() => (dead = true));
  try {
    await waitFor(
      async () => {
        if (dead) throw new Error(`${name} exited during start-up; see ${join(logDir, `${name}.log`)}`);
        const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        return res?.ok ?? false;
      },
      { timeoutMs: options.healthTimeoutMs ?? 120_000, intervalMs: 250, description: `${name} to be healthy` },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { name, port, process: child, exited };
}

/** SIGTERM to every app (graceful shutdown), SIGKILL after `graceMs`; resolves when all have exited. */
export async function stopAppProcesses(apps: readonly AppProcess[], graceMs = 20_000): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      app.process.kill('SIGTERM');
      const timer = setTimeout(() => app.process.kill('SIGKILL'), graceMs);
      await app.exited;
      clearTimeout(timer);
    }),
  );
}
