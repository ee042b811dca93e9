import type { Command } from 'commander';
import { CliError, EXIT, parseCliConfig } from '../cliConfig.js';

interface VerifyOpts { schema?: string; against?: string; tenant?: string; json?: boolean }

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('checksum the projected read-model tables (per table and overall); --against compares two schemas')
    .option('--schema <schema>', 'schema to checksum (default: $DB_SCHEMA or public)')
    .option('--against <schema>', 'a second schema (e.g. a rebuild shadow); exit 1 when they differ')
    .option('--tenant <tenant>', "only this tenant's rows")
    .option('--json', 'print the checksums as JSON')
    .action(async (o: VerifyOpts) => verify(o));
}

async function verify(o: VerifyOpts): Promise<void> {
  const config = parseCliConfig(process.env);
  const [{ createDb }, { readModelChecksum }] = await Promise.all([import('@rivulet/db'), import('@rivulet/projections')]);
  const schema = o.schema ?? process.env.DB_SCHEMA ?? 'public';
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-verify', maxConnections: 2 });
  try {
    const scope = o.tenant !== undefined ? { tenant: o.tenant } : {};
    const sums = await readModelChecksum(db, schema, scope).catch(translate);
    const other = o.against ? await readModelChecksum(db, o.against, scope).catch(translate) : undefined;
    if (o.json) {
      process.stdout.write(`${JSON.stringify(other ? { [schema]: sums, [o.against!]: other, equal: other.overall === sums.overall } : sums)}\n`);
    } else {
      const lines = Object.entries(sums.tables).map(([table, t]) => {
        const vs = other?.tables[table];
        const diff = vs ? (vs.checksum === t.checksum ? '  =' : `  ≠ ${o.against}: ${vs.rows} rows ${vs.checksum}`) : '';
        return `  ${table.padEnd(24)} ${String(t.rows).padStart(9)} rows  ${t.checksum}${diff}`;
      });
      process.stdout.write(`schema ${schema}${o.tenant !== undefined ? `, tenant ${o.tenant}` : ''}\n${lines.join('\n')}\n  overall ${sums.overall}${other ? `\n  ${o.against} overall ${other.overall}` : ''}\n`);
    }
    if (other && other.overall !== sums.overall) throw new CliError(`${schema} and ${o.against} differ`, EXIT.rejected);
  } finally {
    await db.destroy();
  }
}

function translate(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === '42P01') throw new CliError(`a read-model table is missing: ${(error as Error).message} (wrong --schema, or not migrated?)`, EXIT.usage);
  throw new CliError(`PostgreSQL: ${(error as Error).message}`, EXIT.unavailable);
}
