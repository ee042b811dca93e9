import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes sure the local stack is up. When KAFKA_BROKERS is already set (an external or shared stack, or
 * `source .local/stack.env`), nothing is started; otherwise `infra/local/stack.sh up` starts (or reuses) the
 * local stack and its addresses are read from `.local/stack.env`. Topics and migrations are applied either way.
 */
export function ensureStack(root: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let out = { ...env };
  if (!env.KAFKA_BROKERS) {
    console.log('bench: starting the local stack (infra/local/stack.sh up)');
    execFileSync('bash', [join(root, 'infra/local/stack.sh'), 'up'], { cwd: root, stdio: 'inherit' });
    out = { ...out, ...parseStackEnv(readFileSync(join(root, '.local/stack.env'), 'utf8')) };
  } else {
    console.log(`bench: using the running stack at ${env.KAFKA_BROKERS} (KAFKA_BROKERS is set)`);
  }
  for (const script of ['topics', 'migrate']) execFileSync('npm', ['run', '--silent', script], { cwd: root, env: out, stdio: 'inherit' });
  return out;
}

/** `export NAME='value'` lines, as stack.sh writes them. */
export function parseStackEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of text.matchAll(/^export (\w+)='([^']*)'$/gm)) vars[match[1]!] = match[2]!;
  return vars;
}
