/**
 * `npm run bench`: the raw Kafka baseline, kafkajs + Avro through the runtime, the full pipeline's
 * throughput and end-to-end latency, peak RSS per app and match comparisons per record, in one run.
 * Writes bench/results/<timestamp>.json and .md and prints the ratio of pipeline to raw consume throughput.
 *
 *   npm run bench                                   # everything, defaults below
 *   npm run bench -- --only raw,runtime,pipeline,match --records 200000 --rate 5000 --latency-seconds 30
 *   npm run bench -- --profile                      # also --cpu-prof every app (.local/bench/profiles/<run>)
 *
 * Starts the local stack unless KAFKA_BROKERS is set (then it uses that stack as it is).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb } from '@rivulet/db';
import { stackEnv, TEST_MASTER_KEY, testKafka, uniqueName } from '@rivulet/testkit';
import { matchScaling } from './matchScaling.js';
import { pipelineBench, profileDir } from './pipelineBench.js';
import { rawBaseline } from './rawBaseline.js';
import { percent, renderMarkdown, throughputRatio } from './report.js';
import type { BenchResult } from './result.js';
import { runtimeBench } from './runtimeBench.js';
import { ensureStack } from './stack.js';

// Ctrl-C or a kill: exit through process.exit so the apps' exit guards stop them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'raw,runtime,pipeline,match' },
    records: { type: 'string', default: '200000' },
    rate: { type: 'string', default: '5000' },
    'latency-seconds': { type: 'string', default: '30' },
    'raw-records': { type: 'string', default: '1000000' },
    'runtime-records': { type: 'string', default: '100000' },
    // Compression of the runtime processor's outputs in (b): none (the apps' default) or gzip (kafkajs's built-in codec).
    compression: { type: 'string', default: 'none' },
    'match-sizes': { type: 'string', default: '10000,100000,1000000' },
    'match-timeout': { type: 'string', default: '600' },
    'timeout-minutes': { type: 'string', default: '15' },
    profile: { type: 'boolean', default: false },
    apps: { type: 'string' },
    'app-env': { type: 'string', multiple: true },
    // The apps' V8 old-space cap (MB; 0: Node's default). Without one V8 grows the heap while memory is
    // plentiful (the projector peaked at 611 MB RSS with ~60 MB of live heap); 160 is what the apps are
    // benchmarked (and can be run) with. Passed as NODE_OPTIONS=--max-old-space-size.
    'heap-mb': { type: 'string', default: '160' },
    otlp: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
});
const parts = new Set(values.only!.split(','));
const num = (name: keyof typeof values) => Number(values[name]);

const env = ensureStack(ROOT, process.env);
// Span export is off unless asked for: shipping every span of 200k records to the local Jaeger would
// measure Jaeger on the same 2 cores. The spans are still created.
if (!values.otlp) delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
const stack = stackEnv(env);
const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, '-');
const result: BenchResult = {
  startedAt: started.toISOString(),
  finishedAt: '',
  machine: { cpus: cpus().length, loadAverage: { start: loadavg(), end: [] }, node: process.version, note: 'Local stack (single broker) on the same machine as the apps.' },
  options: { ...values, out: undefined },
};

/** `--compression`: the codecs kafkajs has built in. */
function compressionOf(value: string): 'none' | 'gzip' {
  if (value === 'none' || value === 'gzip') return value;
  throw new Error(`--compression must be none or gzip (kafkajs's built-in codec), not ${value}`);
}

/** `--app-env K=V` pairs, with the heap cap added to NODE_OPTIONS unless it is 0. */
function appEnvOf(pairs: readonly string[], heapMb: number): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(pairs.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  if (heapMb > 0) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim();
  return env;
}

/** A part that fails is reported as such; the other parts still run and the result is still written. */
async function part(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    console.error(`bench: ${name} failed: ${(error as Error).message}`);
    (result.errors ??= {})[name] = (error as Error).message;
  }
}

if (parts.has('raw')) await part('raw', async () => {
  console.log('bench: (a) raw Kafka baseline');
  const partitions = 6 * Number(env.RIVULET_PARTITION_MULTIPLIER ?? 1);
  result.raw = await rawBaseline({ root: ROOT, env, brokers: stack.kafkaBrokers.join(','), records: num('raw-records'), recordBytes: 500, partitions, topic: uniqueName('bench.raw') });
  console.log(`bench: raw produce ${result.raw.produce.recordsPerSec.toFixed(0)} records/s, consume ${result.raw.consume.recordsPerSec.toFixed(0)} records/s`);
});
if (parts.has('runtime')) await part('runtime', async () => {
  console.log('bench: (b) kafkajs + Avro through the runtime');
  result.runtime = await runtimeBench({ brokers: stack.kafkaBrokers, registryUrl: stack.schemaRegistryUrl, records: num('runtime-records'), partitions: 6, compression: compressionOf(values.compression!) });
  console.log(`bench: runtime produce ${result.runtime.produceRecordsPerSec.toFixed(0)}, consume ${result.runtime.consumeRecordsPerSec.toFixed(0)}, process ${result.runtime.processRecordsPerSec.toFixed(0)} records/s`);
});
if (parts.has('pipeline')) await part('pipeline', async () => {
  console.log('bench: (c, d) full pipeline');
  const db = createDb({ url: stack.databaseUrl, maxConnections: 8, applicationName: 'rivulet-bench' });
  try {
    Object.assign(result, await pipelineBench({
      root: ROOT, env, kafka: testKafka(stack.kafkaBrokers), db, registryUrl: stack.schemaRegistryUrl,
      masterKey: env.RIVULET_MASTER_KEY ?? TEST_MASTER_KEY,
      records: num('records'), offeredPerSec: num('rate'), latencySeconds: num('latency-seconds'),
      logDir: join(ROOT, '.local', 'logs', 'bench'), timeoutMs: num('timeout-minutes') * 60_000,
      ...(values.profile ? { cpuProfDir: profileDir(ROOT, stamp) } : {}),
      ...(values.apps ? { apps: values.apps.split(',') } : {}),
      appEnv: appEnvOf(values['app-env'] ?? [], num('heap-mb')),
    }));
  } finally {
    await db.destroy();
  }
});
if (parts.has('match')) await part('match', async () => {
  console.log('bench: (e) match comparisons per record');
  result.match = await matchScaling(ROOT, values['match-sizes']!.split(',').map(Number), num('match-timeout') * 1000);
});

result.ratio = throughputRatio(result);
result.finishedAt = new Date().toISOString();
result.machine.loadAverage.end = loadavg();
mkdirSync(values.out!, { recursive: true });
const base = join(values.out!, stamp);
writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
const markdown = renderMarkdown(result);
writeFileSync(`${base}.md`, `${markdown}\n`);
console.log(`\n${markdown}`);
console.log(`\nbench: pipeline / raw consume throughput = ${result.ratio === undefined ? 'not measured' : percent(result.ratio)}`);
console.log(`bench: wrote ${base}.json and ${base}.md`);
process.exit(0);
