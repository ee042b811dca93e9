import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './repoFiles.js';

// Prometheus's own checker on the committed files: config syntax, rule syntax and the rule unit tests
// (observability/rules/rivulet.rules.test.yml). promtool comes from Debian's `prometheus` package
// (.ci/run installs it). Without it the tests are skipped locally and fail in CI, where skipping would
// hide a broken rule.

const promtool = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

if (!promtool) {
  const message = 'promtool not found: install it (apt-get install -y prometheus) to check observability/; skipping';
  if (process.env.CI) throw new Error(`${message.replace('; skipping', '')} (CI is set, so this fails instead of skipping)`);
  console.warn(`[deploy-tests] ${message}`);
}

function run(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(promtool!, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!promtool)('promtool on observability/', () => {
  it.each(['observability/prometheus.yml', 'observability/prometheus.local.yml'])('given %s, when checked, then it is a valid configuration whose rule files load', (file) => {
    const { status, output } = run('check', 'config', file);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it('given the rules file, when checked, then every rule parses', () => {
    const { status, output } = run('check', 'rules', 'observability/rules/rivulet.rules.yml');
    expect(status, output).toBe(0);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('given the rule unit tests, when run, then every expected alert fires at its time and no other does', () => {
    const { status, output } = run('test', 'rules', 'observability/rules/rivulet.rules.test.yml');
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });
});
