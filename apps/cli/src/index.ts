#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '@rivulet/config';
import { CliError, EXIT } from './cliConfig.js';
import { registerForget } from './commands/forget.js';
import { registerProduce } from './commands/produce.js';
import { registerRetention } from './commands/retention.js';
import { registerReplay } from './commands/replay.js';
import { registerVerify } from './commands/verify.js';

// One file per subcommand under commands/, registered here.
const program = new Command()
  .name('rivulet')
  .description('Rivulet operator command line')
  .showHelpAfterError()
  .exitOverride();
registerProduce(program);
registerReplay(program);
registerVerify(program);
registerForget(program);
registerRetention(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (code?.startsWith('commander.')) process.exit(EXIT.usage);
  if (error instanceof CliError || error instanceof ConfigError) {
    process.stderr.write(`rivulet: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : EXIT.usage);
  }
  process.stderr.write(`rivulet: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
