import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ChecksFileError } from '../errors.js';
import { parseChecks } from './parseChecks.js';
import type { CompiledChecks } from './compiledChecks.js';

/** Reads and validates one checks file (the only I/O in this package, kept out of the pure modules). */
export async function loadChecksFile(path: string): Promise<CompiledChecks> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ChecksFileError(path, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  const checks = parseChecks(text, path);
  const expected = basename(path).replace(/\.ya?ml$/, '');
  if (checks.entity !== expected) throw new ChecksFileError(path, [`entity "${checks.entity}" does not match the file name "${expected}"`]);
  return checks;
}

/** Every `<entity>.yaml` in a directory (e.g. config/checks), keyed by entity; fails on the first bad file. */
export async function loadChecksDir(dir: string): Promise<Map<string, CompiledChecks>> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out = new Map<string, CompiledChecks>();
  for (const f of files) {
    const checks = await loadChecksFile(join(dir, f));
    out.set(checks.entity, checks);
  }
  return out;
}
