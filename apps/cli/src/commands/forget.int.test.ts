import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, migrateLatest } from '@rivulet/db';
import { createPgPiiCipher } from '@rivulet/pii';
import { stackEnv, TEST_MASTER_KEY, uniqueName } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `rivulet forget` as an operator runs it, against the real PostgreSQL (a random tenant, the checkout's database).
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);
const env = stackEnv(process.env);
const db = createDb({ url: env.databaseUrl });
const tenant = uniqueName('forget');

const { RIVULET_TENANT: _ignored, ...baseEnv } = process.env;
const cli = async (...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), ['--conditions=source', join(root, 'apps/cli/src/index.ts'), 'forget', ...args], {
    env: { ...baseEnv, DATABASE_URL: env.databaseUrl },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

beforeAll(() => migrateLatest(db));
afterAll(() => db.destroy());

describe('rivulet forget', () => {
  it('destroys the subject key so a fresh process reads its ciphertext as erased, and audits it; other subjects are untouched', async () => {
    const edge = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db });
    const gone = await edge.encrypt(tenant, 'crm.customer:C-1', 'ada@example.org');
    const kept = await edge.encrypt(tenant, 'crm.customer:C-2', 'grace@example.org');

    const result = await cli('--tenant', tenant, '--subject', 'crm.customer:C-1', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tenant, subject: 'crm.customer:C-1', key_destroyed: true });

    const fresh = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db });
    expect(await fresh.decrypt(tenant, gone)).toEqual({ erased: true });
    expect(await fresh.decrypt(tenant, kept)).toEqual({ value: 'grace@example.org' });
    const audit = await db('audit_log').where({ tenant_id: tenant, action: 'pii.forget' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `cli:${userInfo().username}`, target: 'crm.customer:C-1', detail: { method: 'cli', key_destroyed: true } });

    const again = await cli('--tenant', tenant, '--subject', 'crm.customer:C-1');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/had no live key/);
  });

  it('refuses a malformed subject id or a missing tenant with exit code 2 and a message', async () => {
    const bad = await cli('--tenant', tenant, '--subject', 'C-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<source>\.<entity>:<record id>/);
    const noTenant = await cli('--subject', 'crm.customer:C-1');
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toMatch(/--tenant/);
  });
});
