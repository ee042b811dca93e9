import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { Partitioners } from 'kafkajs';
import { saslOptions } from '@rivulet/config';
import {
  createKafkaPublisher, formatFromFileName, IngestError, ingestStream, isIngestFormat, resolveRawTopic,
  streamRows, TooManyRejectionsError, type IngestDeps, type IngestFormat, type RawTopic, type StreamSummary,
} from '@rivulet/ingest';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createPartitionCounts, withCheckedSends } from '@rivulet/runtime';
import { CliError, EXIT, parseCliConfig } from '../cliConfig.js';
import { createProgress } from '../progress.js';

interface ProduceOptions {
  source: string;
  entity: string;
  format?: string;
  tenant?: string;
  batchSize: string;
  maxErrors?: string;
  json?: boolean;
}

export function registerProduce(program: Command): void {
  program
    .command('produce')
    .description('validate a CSV or NDJSON file (or stdin) and publish its records to raw.<source>.<entity>')
    .argument('<file>', 'input file, or - for stdin')
    .requiredOption('--source <source>', 'source system: crm, erp, billing, cdr, oss')
    .requiredOption('--entity <entity>', 'entity of the source: customer, account, order, ...')
    .option('--format <format>', 'csv or ndjson (default: from the file extension)')
    .option('--tenant <tenant>', 'tenant id (default: $RIVULET_TENANT)')
    .option('--batch-size <n>', 'records per acknowledged Kafka write', '500')
    .option('--max-errors <n>', 'stop after more than n rejected records')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ProduceOptions) => {
      await produce(file, options);
    });
}

async function produce(file: string, options: ProduceOptions): Promise<void> {
  const config = parseCliConfig(process.env);
  const topic = resolveTopic(options);
  const format = resolveFormat(file, options.format);
  const tenantId = options.tenant ?? config.RIVULET_TENANT;
  if (!tenantId || tenantId.includes('/')) throw new CliError('give the tenant with --tenant or RIVULET_TENANT (no "/")', EXIT.usage);
  const batchSize = positiveInt(options.batchSize, '--batch-size');
  const maxErrors = options.maxErrors === undefined ? undefined : positiveInt(options.maxErrors, '--max-errors', 0);
  const { input, size } = await openInput(file);

  // The summary and the progress bar are the CLI's output; library logs only when asked for (LOG_LEVEL).
  const logger = createLogger('rivulet-cli', process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
  const sasl = saslOptions(config);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-cli', ssl: config.KAFKA_SSL, requestRetries: 3, ...(sasl ? { sasl } : {}) }, logger);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const closers: Array<() => Promise<unknown>> = [];
  const progress = createProgress({ stream: process.stderr, ...(size !== undefined ? { totalBytes: size } : {}) });
  const started = Date.now();
  let summary: StreamSummary | undefined;
  try {
    await producer.connect().catch((error: unknown) => {
      throw new CliError(`cannot reach Kafka at ${config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`, EXIT.unavailable);
    });
    closers.push(() => producer.disconnect());
    const deps: IngestDeps = {
      serde: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL, requestTimeoutMs: 5_000, retries: 2 }),
      publisher: createKafkaPublisher(withCheckedSends(producer, createPartitionCounts(kafka)), { timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS }),
      now: Date.now,
      ...(topic.hasPii ? await createProtect(config, closers) : {}),
    };
    summary = await ingestStream(deps, topic, tenantId, streamRows(format, input), {
      batchSize,
      ...(maxErrors !== undefined ? { maxErrors } : {}),
      onProgress: (p) => progress.update({ ...p, bytes: (input as Readable & { bytesRead?: number }).bytesRead ?? 0 }),
    });
  } catch (error) {
    if (error instanceof TooManyRejectionsError) summary = error.summary;
    throw translate(error, summary, started, options);
  } finally {
    progress.stop();
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
  report(summary, started, options, topic);
  if (summary.accepted === 0) {
    throw new CliError(summary.rejected === 0 ? 'the input holds no records' : `none of the ${summary.rejected} records is valid; nothing was published`, EXIT.rejected);
  }
}

async function createProtect(config: ReturnType<typeof parseCliConfig>, closers: Array<() => Promise<unknown>>): Promise<Required<Pick<IngestDeps, 'protect' | 'prepareKeys'>>> {
  if (!config.RIVULET_MASTER_KEY) throw new CliError('this topic has personal fields: set RIVULET_MASTER_KEY (and DATABASE_URL for the key store)', EXIT.usage);
  // Loaded only for topics with personal data, so the other topics need no database.
  const [{ createDb }, { createPgPiiCipher, protectRecord }] = await Promise.all([import('@rivulet/db'), import('@rivulet/pii')]);
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-cli', maxConnections: 8 });
  closers.push(() => db.destroy());
  const cipher = createPgPiiCipher({ masterKeyBase64: config.RIVULET_MASTER_KEY, db });
  return {
    protect: (topic, value, ctx) => protectRecord(topic.event, value, ctx, cipher),
    prepareKeys: (tenantId, subjectIds) => cipher.prepare(tenantId, subjectIds),
  };
}

function resolveTopic(options: ProduceOptions): RawTopic {
  try {
    return resolveRawTopic(options.source, options.entity);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

function resolveFormat(file: string, format: string | undefined): IngestFormat {
  if (format !== undefined) {
    if (!isIngestFormat(format) || format === 'json') throw new CliError(`--format must be csv or ndjson, got "${format}"`, EXIT.usage);
    return format;
  }
  if (file === '-') throw new CliError('reading stdin needs --format csv or --format ndjson', EXIT.usage);
  try {
    const detected = formatFromFileName(file);
    if (detected === 'json') throw new CliError('a JSON array cannot be streamed; convert it to NDJSON (one object per line)', EXIT.usage);
    return detected;
  } catch (error) {
    throw error instanceof CliError ? error : new CliError((error as Error).message, EXIT.usage);
  }
}

async function openInput(file: string): Promise<{ input: Readable; size?: number }> {
  if (file === '-') return { input: process.stdin };
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, EXIT.usage);
  });
  if (!info.isFile()) throw new CliError(`cannot read ${file}: not a regular file`, EXIT.usage);
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => input.once('open', () => resolve()).once('error', reject)).catch((error: Error) => {
    throw new CliError(`cannot read ${file}: ${error.message}`, EXIT.usage);
  });
  return { input, size: info.size };
}

function positiveInt(text: string, flag: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${flag} must be an integer ≥ ${min}, got "${text}"`, EXIT.usage);
  return n;
}

function translate(error: unknown, summary: StreamSummary | undefined, started: number, options: ProduceOptions): unknown {
  if (error instanceof CliError) return error;
  if (summary) report(summary, started, options);
  if (error instanceof TooManyRejectionsError) return new CliError(error.message, EXIT.rejected);
  if ((error as { retriable?: unknown }).retriable === true) {
    return new CliError(`${(error as Error).message}; what was reported as accepted is published, re-run to continue (same event ids, no duplicates downstream)`, EXIT.unavailable);
  }
  if (error instanceof IngestError) return new CliError(error.message, EXIT.usage);
  return error;
}

function report(summary: StreamSummary, started: number, options: ProduceOptions, topic?: RawTopic): void {
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round((summary.accepted + summary.rejected) / Math.max(seconds, 0.001));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...(topic ? { topic: topic.topic } : {}), ...summary, seconds, recordsPerSecond: rate })}\n`);
    return;
  }
  const lines = [`accepted ${summary.accepted}, rejected ${summary.rejected} in ${seconds.toFixed(1)} s (${rate} records/s)${topic ? ` → ${topic.topic}` : ''}`];
  for (const r of summary.rejections.slice(0, 10)) {
    lines.push(`  record ${r.index + 1}${r.line !== undefined ? ` (line ${r.line})` : ''}${r.recordId ? ` ${r.recordId}` : ''}: ${r.reasons.join('; ')}`);
  }
  if (summary.rejected > 10) lines.push(`  … and ${summary.rejected - 10} more`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
