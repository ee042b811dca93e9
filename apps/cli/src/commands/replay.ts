import { join } from 'node:path';
import type { Command } from 'commander';
import type { Kafka } from 'kafkajs';
import { saslOptions } from '@rivulet/config';
import {
  copyTopicRange, createFileCopyStateStore, createRebuildJob, describeRebuildPlan, formatProgress, InvalidReplayInputError, parseInstant, prepareRebuild,
  ReplayError, resetGroupOffsets, resetTargetFrom, runRebuild, type ReplayProgress,
} from '@rivulet/replay';
import { createKafka, createLogger, type Logger } from '@rivulet/runtime';
import { CliError, EXIT, parseCliConfig, type CliConfig } from '../cliConfig.js';

const RESET_HELP = `
A Rivulet processor commits its consumed offsets inside its Kafka transactions, but they are its
consumer group's ordinary committed offsets: what the processor reads from when it starts. Moving them
replays the topic through the processor. The group must be empty: stop the app first (the command
refuses and names the live members otherwise), reset, then start the app again.
--to-time picks, per partition, the first record at or after that time (the end if none is).

Example:
  rivulet replay reset --group rivulet.quality --topic canonical.party --to-time 2026-11-20T10:00:00Z`;

export function registerReplay(program: Command): void {
  const replay = program.command('replay').description('replay and backfill: reset a processor group, copy a topic range, rebuild read models');
  replay
    .command('reset')
    .description("move a processor's consumer-group offsets to a time or offsets (the app must be stopped)")
    .requiredOption('--group <group>', 'consumer group, e.g. rivulet.quality')
    .requiredOption('--topic <topic...>', 'topic(s) to reset (repeat --topic)')
    .option('--to-time <iso>', 'first record at or after this time, e.g. 2026-11-20T10:00:00Z')
    .option('--to-offset <p:o,...>', 'explicit offsets per partition, e.g. 0:1200,1:980')
    .option('--to-earliest', 'the beginning of each partition')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', RESET_HELP)
    .action((o: ResetOpts) => withKafka((kafka) => reset(kafka, o)));
  replay
    .command('copy')
    .description('re-publish a time range of a topic into another topic (keys, headers, timestamps, order per partition); re-run to resume')
    .requiredOption('--from <topic>', 'source topic')
    .requiredOption('--to <topic>', 'target topic (must exist)')
    .option('--from-time <iso>', 'first record at or after this time (default: the beginning)')
    .option('--to-time <iso>', 'stop before the first record at or after this time (default: the end when the job starts)')
    .option('--job <id>', 'job id (default: derived from the topics and times, so the same command resumes)')
    .option('--state-dir <dir>', 'where job state files go', join(process.cwd(), '.local', 'replay'))
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print the result as JSON')
    .action((o: CopyOpts) => withKafka((kafka, config, log) => copy(kafka, log, o)));
  replay
    .command('rebuild')
    .description('rebuild the read models from offset 0 into a shadow schema while the live ones serve, then swap them in atomically')
    .option('--projection <name>', 'the live projector\'s projection name (its PROJECTION_NAME)', 'live')
    .option('--schema <schema>', 'schema of the live read models (default: $DB_SCHEMA or public)')
    .option('--tenant <tenant>', "rebuild this tenant's rows only (its events from offset 0; other tenants' rows untouched)")
    .option('--no-swap', 'build and catch up the shadow only (compare with `rivulet verify --schema <shadow>`, re-run to swap)')
    .option('--dry-run', 'print the plan, change nothing')
    .addHelpText('after', '\nInterrupted (Ctrl-C, crash)? Run the same command again: it resumes the unfinished job from the\ncheckpoints in its shadow schema.')
    .action((o: RebuildOpts) => withKafka((kafka, config, log) => rebuild(kafka, config, log, o)));
}

interface ResetOpts { group: string; topic: string[]; toTime?: string; toOffset?: string; toEarliest?: boolean; dryRun?: boolean; json?: boolean }
interface CopyOpts { from: string; to: string; fromTime?: string; toTime?: string; job?: string; stateDir: string; dryRun?: boolean; json?: boolean }
interface RebuildOpts { projection: string; schema?: string; tenant?: string; swap: boolean; dryRun?: boolean }

async function withKafka(run: (kafka: Kafka, config: CliConfig, log: Logger) => Promise<void>): Promise<void> {
  const config = parseCliConfig(process.env);
  const log = createLogger('rivulet-cli', process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
  const sasl = saslOptions(config);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-replay', ssl: config.KAFKA_SSL, requestRetries: 3, ...(sasl ? { sasl } : {}) }, log);
  try {
    await run(kafka, config, log);
  } catch (error) {
    if (error instanceof InvalidReplayInputError) throw new CliError(error.message, EXIT.usage);
    if (error instanceof ReplayError) throw new CliError(error.message, error.retriable ? EXIT.unavailable : EXIT.rejected);
    if ((error as { name?: string }).name?.startsWith('KafkaJS')) throw new CliError(`Kafka at ${config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`, EXIT.unavailable);
    throw error;
  }
}

async function reset(kafka: Kafka, o: ResetOpts): Promise<void> {
  const target = resetTargetFrom(o);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result = await resetGroupOffsets(admin, { groupId: o.group, topics: o.topic, target, dryRun: o.dryRun === true });
    if (o.json) return void process.stdout.write(`${JSON.stringify(result)}\n`);
    const lines = result.partitions.map((p) => `  ${p.topic}[${p.partition}]  ${p.from ?? '(none)'} → ${p.to}`);
    process.stdout.write(`${result.dryRun ? 'would reset' : 'reset'} group ${result.groupId}:\n${lines.join('\n')}\n${result.dryRun ? '(dry run: nothing changed)\n' : 'start the app again to replay from there\n'}`);
  } finally {
    await admin.disconnect();
  }
}

async function copy(kafka: Kafka, log: Logger, o: CopyOpts): Promise<void> {
  const fromTime = o.fromTime === undefined ? undefined : parseInstant(o.fromTime, '--from-time');
  const toTime = o.toTime === undefined ? undefined : parseInstant(o.toTime, '--to-time');
  const abort = onInterrupt();
  const report = progressReporter();
  const result = await copyTopicRange({ kafka, store: createFileCopyStateStore(o.stateDir), logger: log }, {
    from: o.from, to: o.to, signal: abort.signal, onProgress: report.update,
    ...(fromTime !== undefined ? { fromTime } : {}), ...(toTime !== undefined ? { toTime } : {}), ...(o.job ? { jobId: o.job } : {}), ...(o.dryRun ? { dryRun: true } : {}),
  }).finally(report.stop);
  if (o.json) return void process.stdout.write(`${JSON.stringify(result)}\n`);
  const s = result.state;
  const ranges = Object.entries(s.partitions).map(([p, r]) => `  ${s.from}[${p}]  offsets ${r.start}..${r.end} (next ${r.next}, ${r.copied} copied)`);
  const routing = s.routing === 'same-partition' ? 'same partition number' : `by key hash (${s.to} has fewer partitions than ${s.from})`;
  const verdict = result.dryRun ? '(dry run: nothing changed)' : result.finished ? `done: ${result.copied} records copied by this run` : `stopped after ${result.copied} records: run the same command to resume`;
  process.stdout.write(`job ${s.jobId}: ${s.from} → ${s.to}, routing ${routing}\n${ranges.join('\n')}\n${verdict}\n`);
}

async function rebuild(kafka: Kafka, config: CliConfig, log: Logger, o: RebuildOpts): Promise<void> {
  const [{ createDb }, { createReadModelProjection }, { createAvroSerde }] = await Promise.all([import('@rivulet/db'), import('@rivulet/projections'), import('@rivulet/registry')]);
  const liveSchema = o.schema ?? process.env.DB_SCHEMA ?? 'public';
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-replay', maxConnections: 8 });
  const deps = { db, kafka, logger: log, codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }), readModels: createReadModelProjection() };
  const report = progressReporter();
  try {
    const { plan, resume } = await prepareRebuild(deps, { projection: o.projection, liveSchema, tenant: o.tenant ?? null });
    process.stdout.write(`${describeRebuildPlan(plan, resume !== undefined).join('\n')}\n`);
    if (o.dryRun) return void process.stdout.write('(dry run: nothing changed)\n');
    const job = resume ?? (await createRebuildJob(deps, plan, process.env.USER ?? 'cli'));
    const abort = onInterrupt();
    const end = await runRebuild(deps, job, { projection: o.projection, liveSchema, swap: o.swap, signal: abort.signal, onProgress: report.update });
    report.stop();
    const swappedIn = o.tenant === undefined
      ? `swapped in: ${plan.tables.length} tables of ${liveSchema} now come from ${job.id}; the old ones are in ${job.shadowSchema}_previous (drop schema ${job.shadowSchema}_previous cascade)\n`
      : `swapped in: tenant ${o.tenant}'s rows of ${plan.tables.length} tables of ${liveSchema} now come from ${job.id}\n`;
    process.stdout.write(end.status === 'done'
      ? swappedIn
      : `rebuild ${job.id} is ${end.status} (${formatProgress(end.progress)}); run the same command to ${o.swap ? 'resume' : 'swap'}\n`);
  } finally {
    report.stop();
    await db.destroy();
  }
}

/** First Ctrl-C: finish the current batch and stop resumably; second: exit at once. */
function onInterrupt(): AbortController {
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping after the current batch (Ctrl-C again to quit now)\n');
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return abort;
}

/** A one-line bar on stderr when it is a terminal, a line every 10 s otherwise (logs stay readable). */
function progressReporter(): { update: (p: ReplayProgress) => void; stop: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (!tty && now - last < 10_000) return;
      last = now;
      const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const bar = tty ? `[${'#'.repeat(Math.round(ratio * 30)).padEnd(30, '.')}] ` : '';
      process.stderr.write(tty ? `\r${bar}${formatProgress(p)}\u001b[K` : `${formatProgress(p)}\n`);
      shown = true;
    },
    stop() {
      if (tty && shown) process.stderr.write('\n');
      shown = false;
    },
  };
}
