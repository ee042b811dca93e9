import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root: the checked files are read by path from there, whatever the working directory. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

export function readRepoText(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** YAML with `<<` merge keys resolved, as Docker Compose reads it. */
export function readRepoYaml(path: string): unknown {
  return parse(readRepoText(path), { merge: true });
}

/** Directories under `apps/` that are workspace packages. */
export function appNames(): string[] {
  return readdirSync(join(repoRoot, 'apps'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repoRoot, 'apps', d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
}

/** Non-test TypeScript sources under the `src/` of every app and library, as repo-relative paths. */
export function typescriptSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.test\.ts$/.test(entry.name)) out.push(relative(repoRoot, path));
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const pkg of readdirSync(join(repoRoot, top), { withFileTypes: true })) {
      const src = join(repoRoot, top, pkg.name, 'src');
      if (pkg.isDirectory() && existsSync(src)) walk(src);
    }
  }
  return out.sort();
}

/**
 * The files that define an app's configuration: `apps/<app>/src/index.ts` and the local modules it
 * imports whose name mentions config (`./config.js`, `./cliConfig.js`). Empty when the app has no entry point yet.
 */
export function appConfigSources(app: string): { path: string; text: string }[] {
  const index = join('apps', app, 'src', 'index.ts');
  if (!existsSync(join(repoRoot, index))) return [];
  const text = readRepoText(index);
  const sources = [{ path: index, text }];
  for (const m of text.matchAll(/from\s+['"](\.{1,2}\/[^'"]*config[^'"]*)\.js['"]/gi)) {
    const path = join(dirname(index), `${m[1]}.ts`);
    if (existsSync(join(repoRoot, path))) sources.push({ path, text: readRepoText(path) });
  }
  return sources;
}
