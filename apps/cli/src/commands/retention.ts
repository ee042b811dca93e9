import type { Command } from 'commander';
import { CliError, EXIT, parseCliConfig } from '../cliConfig.js';

interface RetentionOpts { policy?: string; schema?: string; dryRun?: boolean; json?: boolean }

const HELP = `
The policy names read-model tables and how long their rows are kept: <table>=<n>d|<n>h, comma-separated
(flag, else $RETENTION_POLICY, else quality_issues=30d,quality_issue_summarised=90d). Tables not named are
kept forever. quality_issues rows are first counted into quality_issue_daily (per tenant, UTC day, source,
entity, field, check, severity, region, segment), then deleted; other tables are just deleted. Batches of
5 000 rows, each in its own transaction: safe to interrupt and re-run, safe beside a running projector.
Kafka topics have their own retention (retention.ms from the topic catalogue, applied by npm run topics).

Example (e.g. daily from cron):
  rivulet retention run --policy quality_issues=30d,transformations=90d,alerts=180d`;

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('read-model retention: summarise and delete rows older than their table\'s policy');
  retention
    .command('run')
    .description('apply the retention policy once')
    .option('--policy <spec>', 'e.g. quality_issues=30d,alerts=180d (default: $RETENTION_POLICY)')
    .option('--schema <schema>', 'schema of the read models (default: $DB_SCHEMA or public)')
    .option('--dry-run', 'count what would be deleted, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', HELP)
    .action((o: RetentionOpts) => run(o));
}

async function run(o: RetentionOpts): Promise<void> {
  const config = parseCliConfig(process.env);
  const [{ createDb }, { InvalidRetentionPolicyError, parseRetentionPolicy, runRetention }] = await Promise.all([import('@rivulet/db'), import('@rivulet/projections')]);
  let policies;
  try {
    policies = parseRetentionPolicy(o.policy ?? config.RETENTION_POLICY);
  } catch (error) {
    if (error instanceof InvalidRetentionPolicyError) throw new CliError(`${o.policy ? '--policy' : 'RETENTION_POLICY'}: ${error.message}`, EXIT.usage);
    throw error;
  }
  const schema = o.schema ?? process.env.DB_SCHEMA ?? 'public';
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-retention', maxConnections: 1, searchPath: [schema] });
  try {
    const results = await runRetention(db, policies, { now: Date.now(), ...(o.dryRun ? { dryRun: true } : {}) }).catch((error: unknown) => {
      if ((error as { code?: string }).code === '42P01') throw new CliError(`a table is missing in schema ${schema}: ${(error as Error).message} (run npm run migrate)`, EXIT.usage);
      throw new CliError(`PostgreSQL: ${(error as Error).message}`, EXIT.unavailable);
    });
    if (o.json) process.stdout.write(`${JSON.stringify({ schema, dry_run: Boolean(o.dryRun), tables: results })}\n`);
    else {
      const verb = o.dryRun ? 'would delete' : 'deleted';
      const lines = results.map((r) => `  ${r.table.padEnd(26)} older than ${r.cutoff}: ${verb} ${r.deleted}${r.summarised !== undefined && !o.dryRun ? ` (${r.summarised} newly counted in the daily summary)` : ''}`);
      process.stdout.write(`retention in schema ${schema}${o.dryRun ? ' (dry run)' : ''}\n${lines.join('\n') || '  (empty policy: nothing to do)'}\n`);
    }
  } finally {
    await db.destroy();
  }
}
