import { join } from 'node:path';
import { startAppProcess, stopAppProcesses, type AppProcess } from '@rivulet/testkit';
import { readPeakRss } from './procStatus.js';

export type BenchApp = AppProcess;

/**
 * Starts one app as `npm start` does (TypeScript sources through tsx, one Node process whose pid is the
 * app's), logs to <logDir>/<name>.log, and resolves once /health answers 200. `cpuProfDir` adds
 * `--cpu-prof` into <cpuProfDir>/<name>/ (written when the app exits on SIGTERM). No `--cpu-prof-name`: every
 * thread writes a profile (tsx's loader runs in a worker), and with one name the loader's overwrote the app's.
 */
export async function startApp(root: string, name: string, env: NodeJS.ProcessEnv, logDir: string, cpuProfDir?: string): Promise<BenchApp> {
  const nodeArgs = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, name)] : [];
  return startAppProcess({ root, name, env, logDir, nodeArgs, healthTimeoutMs: 180_000 });
}

/** Peak RSS of each running app, read before they stop. */
export function peakRss(apps: readonly BenchApp[]): Record<string, number | null> {
  return Object.fromEntries(apps.map((a) => [a.name, (a.process.pid && readPeakRss(a.process.pid)) ?? null]));
}

export async function stopApps(apps: readonly BenchApp[]): Promise<void> {
  await stopAppProcesses(apps, 30_000);
}
