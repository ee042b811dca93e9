import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ChecksFileError } from '../errors.js';
import { parseChecks } from './parseChecks.js';
import type { CompiledChecks } from './compiledChecks.js';
import { createRuleSets, parseTenantThresholds, shortHash, type RuleSet, type RuleSets, type TenantThresholds } from './tenantThresholds.js';

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

/** The checks of a directory with their versions (`checks/<entity>@<hash of the file>`). */
export async function loadChecksDirVersioned(dir: string): Promise<Map<string, RuleSet>> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out = new Map<string, RuleSet>();
  for (const f of files) {
    const checks = await loadChecksFile(join(dir, f));
    const text = await readFile(join(dir, f), 'utf8');
    out.set(checks.entity, { checks, version: `checks/${checks.entity}@${shortHash(text)}` });
  }
  return out;
}

/** Every `<tenant>.yaml` of a tenant thresholds directory; a missing directory means no tenant overrides. */
export async function loadTenantThresholdsDir(dir: string): Promise<Map<string, TenantThresholds>> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const out = new Map<string, TenantThresholds>();
  for (const f of files) {
    const path = join(dir, f);
    const t = parseTenantThresholds(await readFile(path, 'utf8'), path);
    if (t.tenant !== basename(f).replace(/\.ya?ml$/, '')) throw new ChecksFileError(path, [`tenant "${t.tenant}" does not match the file name`]);
    out.set(t.tenant, t);
  }
  return out;
}

/** The rule sets of a checks directory and its tenant thresholds directory (default `<checks dir>/tenants`). */
export async function loadRuleSets(checksDir: string, tenantsDir = join(checksDir, 'tenants')): Promise<RuleSets> {
  return createRuleSets(await loadChecksDirVersioned(checksDir), await loadTenantThresholdsDir(tenantsDir));
}
