import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAvroSerde } from '@rivulet/registry';
import { TEST_MASTER_KEY, waitFor } from '@rivulet/testkit';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { freePort } from '../support/platform.js';

// Helpers of the fault suite: apps as child processes that can be SIGKILLed and restarted, stack components
// stopped and started, and a collector of every committed message of a set of topics.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = join(ROOT, '.local', 'logs', 'faults');
const run = promisify(execFile);

/** The shared stack's ports: the fault suite refuses to stop components listening there. */
const SHARED_PORTS = ['19092', '19093', '18081', '18082', '15432', '14317', '14318', '16686', '16685'];

export interface FaultEnv { kafkaBrokers: string; registryUrl: string; databaseUrl: string }

export function faultEnv(env: NodeJS.ProcessEnv): FaultEnv {
  const kafkaBrokers = env.KAFKA_BROKERS ?? '';
  const registryUrl = env.SCHEMA_REGISTRY_URL ?? '';
  const databaseUrl = env.DATABASE_URL ?? '';
  for (const [name, value] of Object.entries({ KAFKA_BROKERS: kafkaBrokers, SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl })) {
    if (!value) throw new Error(`${name} is not set: run the fault suite with npm run test:faults (it starts its own stack)`);
    const port = /:(\d+)(\/|$)/.exec(value.replace(/^\w+:\/\/[^@]*@/, ''))?.[1];
    if (port && SHARED_PORTS.includes(port)) throw new Error(`${name}=${value} is the shared stack: the fault suite stops brokers and databases, so it runs on its own stack (npm run test:faults)`);
  }
  return { kafkaBrokers, registryUrl, databaseUrl };
}

/** `stack.sh down|up <component>` of the fault suite's own stack (its RIVULET_* ports and state dir are in the environment). */
export async function stackComponent(action: 'up' | 'down', ...components: string[]): Promise<void> {
  // Without the addresses: with KAFKA_BROKERS (etc.) set, stack.sh treats a component as external and leaves it alone.
  const { KAFKA_BROKERS: _k, SCHEMA_REGISTRY_URL: _s, DATABASE_URL: _d, ...env } = process.env;
  await run('bash', [join(ROOT, 'infra/local/stack.sh'), action, ...components], { env, timeout: 300_000 });
}

/** SIGKILL node `node` (1..3) of the fault stack's 3-node Kafka cluster, as a crash would; `stackComponent('up', 'kafka')` restarts it. */
export async function killBroker(node: number): Promise<void> {
  const { KAFKA_BROKERS: _k, SCHEMA_REGISTRY_URL: _s, DATABASE_URL: _d, ...env } = process.env;
  await run('bash', [join(ROOT, 'infra/local/components/kafka.sh'), 'kill', String(node)], { env, timeout: 60_000 });
}

export class App {
  process: ChildProcess | undefined;
  port = 0;
  restarts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly name: string, private readonly env: Record<string, string>, private readonly fault: FaultEnv, readonly entry = name) {}

  async start(): Promise<void> {
    this.port = await freePort();
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(join(LOG_DIR, `${this.name}.log`), { flags: 'a' });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: this.fault.kafkaBrokers,
      SCHEMA_REGISTRY_URL: this.fault.registryUrl,
      DATABASE_URL: this.fault.databaseUrl,
      RIVULET_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'warn',
      [this.entry === 'gateway' ? 'GATEWAY_PORT' : 'OPS_PORT']: String(this.port),
      ...this.env,
    };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT; // no traces: the suite measures loss and duplicates, not spans
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'apps', this.entry, 'src', 'index.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let dead = false;
    void this.exited.then(() => (dead = true));
    await waitFor(async () => {
      if (dead) throw new Error(`${this.name} exited during start-up; see ${join(LOG_DIR, `${this.name}.log`)}`);
      const res = await fetch(`http://127.0.0.1:${this.port}/health`).catch(() => undefined);
      return res?.ok ?? false;
    }, { timeoutMs: 180_000, intervalMs: 500, description: `${this.name} to be healthy` });
  }

  /** SIGKILL: no drain, no commit, no leave-group; the restart must lose and duplicate nothing. */
  async kill(): Promise<void> {
    this.process?.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    this.restarts++;
    await this.start();
  }

  async stop(): Promise<void> {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Seen { topic: string; partition: number; offset: string; key: string | null; value: Buffer | null; headers: Record<string, string> }

/** Every committed (read_committed) message of `topics`, from the beginning, as it arrives. */
export async function collectAll(brokers: string, topics: string[]): Promise<{ messages: Seen[]; stop: () => Promise<void> }> {
  const kafka = new Kafka({ clientId: 'fault-collector', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 50, maxRetryTime: 5_000 } });
  const consumer: Consumer = kafka.consumer({ groupId: `fault-collector-${process.pid}-${Date.now()}`, readUncommitted: false, sessionTimeout: 30_000 });
  const messages: Seen[] = [];
  // A restarted broker or a rebalance makes this consumer read again from its last committed offset: keep each
  // log position once, so a re-read is never mistaken for a duplicate the pipeline wrote.
  const positions = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const position = `${topic}/${partition}/${message.offset}`;
      if (positions.has(position)) return;
      positions.add(position);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString() : String(v);
      messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

export function decoder(registryUrl: string) {
  const serde = createAvroSerde({ url: registryUrl });
  return async (value: Buffer | null) => (value ? ((await serde.decode(value)).value as Record<string, unknown>) : undefined);
}

/** Resolves after `ms`: the length of a fault (a database down for 30 s), not a wait for a condition. */
export const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
