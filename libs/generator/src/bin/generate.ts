#!/usr/bin/env node
import { CliUsageError, parseCliArgs, USAGE } from '../cliArgs.js';
import { writeDataset } from '../writeDataset.js';

// Wiring only: parse argv, write the dataset, report. Options are validated by the library.
try {
  const { options, outDir } = parseCliArgs(process.argv.slice(2));
  const started = performance.now();
  const summary = await writeDataset(options, outDir);
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(summary.records / Math.max(seconds, 1e-9));
  process.stdout.write(
    `wrote ${summary.records} records (${summary.defectiveRecords} defective) to ${outDir} in ${seconds.toFixed(2)} s (${rate} records/s)\n`,
  );
} catch (error) {
  if (error instanceof CliUsageError || error instanceof RangeError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
