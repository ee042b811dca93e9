import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResult } from './result.js';

const run = promisify(execFile);

/** The kafka-<version>/libs folder the stack script fills (RIVULET_CACHE_DIR or <root>/.cache). */
export function kafkaLibs(root: string, env: NodeJS.ProcessEnv): string {
  for (const cache of [env.RIVULET_CACHE_DIR, join(root, '.cache'), '/work/main/.cache'].filter(Boolean) as string[]) {
    if (!existsSync(cache)) continue;
    const dir = readdirSync(cache).filter((d) => /^kafka-\d/.test(d)).sort().pop();
    if (dir && existsSync(join(cache, dir, 'libs'))) return join(cache, dir, 'libs');
  }
  throw new Error('no Kafka jars found under .cache/kafka-*/libs: run `npm run stack:up` once');
}

/** The last summary line of ProducerPerformance. */
export function parseProducerPerformance(output: string): NonNullable<BenchResult['raw']>['produce'] {
  const line = output.trim().split('\n').filter((l) => /records sent, .* records\/sec/.test(l)).pop();
  const m = line && /([\d.]+) records\/sec \(([\d.]+) MB\/sec\).* (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(line);
  if (!m) throw new Error(`cannot read ProducerPerformance output:\n${output.slice(-2000)}`);
  return { recordsPerSec: Number(m[1]), mbPerSec: Number(m[2]), p50Ms: Number(m[3]), p99Ms: Number(m[5]) };
}

/** The CSV data line of ConsumerPerformance (start, end, MB, MB/s, nMsg, nMsg/s, rebalance ms, fetch ms, fetch MB/s, fetch nMsg/s). */
export function parseConsumerPerformance(output: string): NonNullable<BenchResult['raw']>['consume'] {
  const line = output.trim().split('\n').filter((l) => /^\d{4}-\d\d-\d\d /.test(l)).pop();
  const cells = line?.split(',').map((c) => c.trim());
  if (!cells || cells.length < 10) throw new Error(`cannot read ConsumerPerformance output:\n${output.slice(-2000)}`);
  return { mbPerSec: Number(cells[3]), recordsPerSec: Number(cells[5]), fetchRecordsPerSec: Number(cells[9]) };
}

/**
 * (a) Kafka's own performance tools from the stack's jars, on a fresh topic with as many partitions as the
 * catalogue's topics (single broker): producer with acks=all, then a consumer reading the same records.
 */
export async function rawBaseline(options: { root: string; env: NodeJS.ProcessEnv; brokers: string; records: number; recordBytes: number; partitions: number; topic: string }): Promise<NonNullable<BenchResult['raw']>> {
  const libs = kafkaLibs(options.root, options.env);
  const java = (main: string, args: string[], timeoutMs: number) =>
    run('java', ['-Xmx512m', '-cp', `${libs}/*`, main, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }).then((r) => r.stdout + r.stderr);
  await java('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', options.brokers, '--create', '--topic', options.topic, '--partitions', String(options.partitions), '--replication-factor', '1'], 120_000);
  const produced = await java('org.apache.kafka.tools.ProducerPerformance', [
    '--topic', options.topic, '--num-records', String(options.records), '--record-size', String(options.recordBytes), '--throughput', '-1',
    '--command-property', `bootstrap.servers=${options.brokers}`, 'acks=all',
  ], 600_000);
  const consumed = await java('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', options.brokers, '--topic', options.topic, '--num-records', String(options.records), '--timeout', '60000',
  ], 600_000);
  const result = { records: options.records, recordBytes: options.recordBytes, partitions: options.partitions, produce: parseProducerPerformance(produced), consume: parseConsumerPerformance(consumed) };
  await java('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', options.brokers, '--delete', '--topic', options.topic], 120_000).catch(() => undefined);
  return result;
}
