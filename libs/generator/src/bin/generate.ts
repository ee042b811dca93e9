#!/usr/bin/env node
import { parseCliArgs, USAGE } from '../cliArgs.js';
import { InvalidGeneratorOptionsError } from '../generatorError.js';
import { writeDataset } from '../writeDataset.js';

// Wiring only: parse argv, write the dataset, report. Options are validated by the library.
try {
  const { options, outDir, write } = parseCliArgs(process.argv.slice(2));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await writeDataset(options, outDir, write);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time too: on a shared machine wall-clock rate says more about the neighbours than about the generator.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perSecond = (s: number) => Math.round(summary.records / Math.max(s, 1e-9));
  process.stdout.write(
    `wrote ${summary.records} records (${summary.defectiveRecords} defective) to ${outDir} in ${seconds.toFixed(2)} s: ` +
      `${perSecond(seconds)} records/s wall, ${perSecond(cpuSeconds)} records per CPU-second\n`,
  );
} catch (error) {
  if (error instanceof InvalidGeneratorOptionsError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
