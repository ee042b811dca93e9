import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { CliError, EXIT, parseCliConfig } from '../cliConfig.js';

interface ForgetOpts { subject: string; tenant?: string; json?: boolean }

const HELP = `
Destroys the subject's data key (crypto-shredding). From then on every copy of its personal fields (raw,
canonical and derived topics, read models, replays, rebuilds) is ciphertext nobody can decrypt: processors
see null, the API answers "[erased]". Counts, KPIs and non-personal facts are unchanged. IRREVERSIBLE.
It cannot reach copies outside Kafka and PostgreSQL (exports, logs of other systems) or a restored old
backup of pii_subject_keys. Writes a pii.forget row to the audit log in the same transaction.

The subject of a source record is <source>.<entity>:<record id> (its envelope.pii_subject_id).

Example:
  rivulet forget --tenant acme --subject crm.customer:C-17`;

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("erase a data subject: destroy its data key (irreversible; audited)")
    .requiredOption('--subject <id>', 'data subject, <source>.<entity>:<record id>, e.g. crm.customer:C-17')
    .option('--tenant <tenant>', 'tenant of the subject (default: $RIVULET_TENANT)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', HELP)
    .action((o: ForgetOpts) => forget(o));
}

async function forget(o: ForgetOpts): Promise<void> {
  const config = parseCliConfig(process.env);
  const tenant = o.tenant ?? config.RIVULET_TENANT;
  if (!tenant) throw new CliError('give --tenant or set RIVULET_TENANT', EXIT.usage);
  const [{ createDb }, { assertSubjectId, forgetSubject, PiiError }] = await Promise.all([import('@rivulet/db'), import('@rivulet/pii')]);
  try {
    assertSubjectId(o.subject);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-forget', maxConnections: 1 });
  try {
    const result = await forgetSubject(db, {
      tenantId: tenant,
      subjectId: o.subject,
      actor: `cli:${userInfo().username}`,
      detail: { method: 'cli' },
    }).catch((error: unknown) => {
      if (error instanceof PiiError) throw new CliError(error.message, EXIT.rejected);
      const code = (error as { code?: string }).code;
      if (code === '42P01') throw new CliError(`pii_subject_keys or audit_log is missing: run npm run migrate (${(error as Error).message})`, EXIT.usage);
      throw new CliError(`PostgreSQL: ${(error as Error).message}`, EXIT.unavailable);
    });
    if (o.json) process.stdout.write(`${JSON.stringify({ tenant: result.tenantId, subject: result.subjectId, key_destroyed: result.destroyed, destroyed_at: result.destroyedAt })}\n`);
    else {
      process.stdout.write(
        result.destroyed
          ? `forgot ${result.subjectId} (tenant ${result.tenantId}): data key destroyed at ${result.destroyedAt}\n`
          : `${result.subjectId} (tenant ${result.tenantId}) had no live key (never seen or already forgotten); erased since ${result.destroyedAt}\n`,
      );
    }
  } finally {
    await db.destroy();
  }
}
