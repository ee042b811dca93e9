import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResult } from './result.js';

/**
 * (e) Comparisons per record of `@rivulet/matching`'s blocking as input grows, through bench/match's own
 * scaling code (synthetic persons with a tiny name vocabulary: the worst case for blocking). Each size runs
 * in a child process with a time limit; a size that does not finish is reported with the time it was given.
 */
export async function matchScaling(root: string, sizes: number[], timeoutMs: number): Promise<NonNullable<BenchResult['match']>> {
  const out: NonNullable<BenchResult['match']> = [];
  for (const n of sizes) {
    const started = performance.now();
    const result = await new Promise<NonNullable<BenchResult['match']>[number]>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--conditions=source', join(root, 'bench/pipeline/matchScalingChild.ts'), String(n)],
        { cwd: root, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
        (error, stdout, stderr) => {
          const seconds = (performance.now() - started) / 1000;
          if (error) {
            const timedOut = (error as { killed?: boolean }).killed === true;
            resolve({ records: n, status: timedOut ? 'timeout' : 'failed', seconds, note: timedOut ? `stopped after ${Math.round(timeoutMs / 1000)} s` : stderr.trim().split('\n').pop() ?? error.message });
            return;
          }
          const r = JSON.parse(stdout.trim().split('\n').pop()!) as { comparisons: number; perRecord: number; ms: number };
          resolve({ records: n, status: 'ok', comparisons: r.comparisons, perRecord: r.perRecord, seconds: r.ms / 1000 });
        },
      );
    });
    console.log(`bench: match ${n} records: ${result.status === 'ok' ? `${result.perRecord!.toFixed(2)} comparisons/record in ${result.seconds.toFixed(1)} s` : `${result.status} (${result.note})`}`);
    out.push(result);
  }
  return out;
}
