import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoText, repoRoot, typescriptSources } from './repoFiles.js';

// Source-level security rules (issue #13): SQL is built only with bound parameters (`?` values, `??`
// identifiers) and never from request data; secrets come only from the environment, never from the
// sources; libraries never read the environment.

/** Non-test sources of apps, libs and the migrations. */
function sources(): string[] {
  const migrations: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) migrations.push(path);
    }
  };
  if (existsSync(join(repoRoot, 'db/src'))) walk('db/src');
  return [...typescriptSources().filter((p) => !/\.fixture\.ts$/.test(p)), ...migrations.map((p) => relative(repoRoot, join(repoRoot, p)))];
}

/** Calls that send their first argument to PostgreSQL as SQL text. */
const SQL_CALL = /(?<!\bexpress)\.(raw|whereRaw|orWhereRaw|havingRaw|orderByRaw|joinRaw|query)\(\s*/g;

interface SqlText { file: string; line: number; kind: 'interpolated' | 'concatenated' | 'variable'; detail: string }

/** Every SQL text that is not one plain literal: its `${...}` parts, a `+` after it, or a variable. */
export function builtSql(file: string, text: string): SqlText[] {
  const found: SqlText[] = [];
  for (const m of text.matchAll(SQL_CALL)) {
    const start = m.index + m[0].length;
    const line = text.slice(0, start).split('\n').length;
    const quote = text[start]!;
    if (quote === "'" || quote === '"') {
      const end = text.indexOf(quote, start + 1);
      if (/^\s*\+/.test(text.slice(end + 1))) found.push({ file, line, kind: 'concatenated', detail: text.slice(start, end + 20) });
      continue;
    }
    if (quote !== '`') {
      found.push({ file, line, kind: 'variable', detail: text.slice(start, start + 40).split(/[,)\n]/)[0]! });
      continue;
    }
    let depth = 0;
    let expr = '';
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i]!;
      if (depth === 0 && c === '`') {
        if (/^\s*\+/.test(text.slice(i + 1))) found.push({ file, line, kind: 'concatenated', detail: '`...` +' });
        break;
      }
      if (depth === 0 && c === '$' && text[i + 1] === '{') { depth = 1; i++; expr = ''; continue; }
      if (depth > 0) {
        if (c === '{') depth++;
        if (c === '}' && --depth === 0) { found.push({ file, line, kind: 'interpolated', detail: expr.trim() }); continue; }
        expr += c;
      }
    }
  }
  return found;
}

/**
 * Reviewed interpolations: each produces placeholders, a constant, a number, or an identifier the program
 * itself generated (never request data). A new one fails the test until it is reviewed and listed here.
 */
const REVIEWED: Record<string, { exprs: string[]; why: string }> = {
  'apps/api/src/http/pagination.ts': { exprs: ["columns.map(() => '??').join(', ')", 'op', "columns.map(() => '?').join(', ')"], why: 'placeholders only; op is < or >' },
  'apps/api/src/readModel/tenantScope.ts': { exprs: ["settings.map(() => 'set_config(?, ?, true)').join(', ')"], why: 'placeholders only' },
  'apps/rca/src/pgRcaStore.ts': { exprs: ['LOCK_SPACE'], why: 'a constant' },
  'libs/projections/src/readModelChecksum.ts': { exprs: ['order', 'where'], why: "'??' placeholders per key column; a constant where clause with a ? value" },
  'libs/replay/src/rebuild/swapTenantRows.ts': {
    exprs: ['Math.max(1, Math.round(options.lockTimeoutMs ?? 10_000))', 'qualified(live, options.tables)', 'shadow', 'c.table', 'set', 'live', 'on', 'table', 'list'],
    why: 'a rounded number, and quoted schema/table/column names from the read-model catalogue, information_schema and generated shadow schema names',
  },
  'libs/replay/src/rebuild/swapReadModels.ts': {
    exprs: ['Math.max(1, Math.round(options.lockTimeoutMs ?? 10_000))', 'qualified(live, options.tables)', 'qualified(shadow, options.tables)', 'shadow', 'c.table', 'set', 'live', 'on'],
    why: 'a rounded number, and quoted schema/table/column names from the read-model catalogue and generated shadow schema names (never request data)',
  },
  'db/src/migrations/0003_read_models.ts': { exprs: ['using', 'tenantIs', 'API_ROLE', "selects.join(', ')"], why: 'constants of the migration (policy texts, role name, table list)' },
  'db/src/migrations/0015_pii_api_and_retention.ts': { exprs: ['tenantIs', 'API_ROLE'], why: 'constants of the migration (policy text, role name)' },
};

describe('SQL only with bound parameters', () => {
  it('finds interpolation, concatenation and variables in SQL text (self-check of the scanner)', () => {
    const sample = [
      "await db.raw('select 1 where a = ?', [x]);",
      'await db.raw(`select * from t where id = ${req.params.id}`);',
      "await db.whereRaw('a = ' + name);",
      'await client.query(sqlText, values);',
      "app.use(express.raw({ type: 'x' }));",
    ].join('\n');
    expect(builtSql('sample.ts', sample).map((s) => [s.kind, s.detail])).toEqual([
      ['interpolated', 'req.params.id'],
      ['concatenated', expect.stringContaining("'a = ' + name")],
      ['variable', 'sqlText'],
    ]);
  });

  it('builds no SQL text from anything but reviewed placeholders, constants and internal identifiers', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(100);
    const unreviewed = files.flatMap((file) => builtSql(file, readRepoText(file)))
      .filter((s) => !(s.kind === 'interpolated' && REVIEWED[s.file]?.exprs.includes(s.detail)))
      .map((s) => `${s.file}:${s.line} ${s.kind}: ${s.detail}`);
    expect(unreviewed).toEqual([]);
  });
});

describe('secrets only from the environment', () => {
  const SECRET_LITERALS: [string, RegExp][] = [
    ['private key', /-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----/],
    ['API key', /['"`]rk_[A-Za-z0-9_-]{16,}['"`]/],
    ['AWS access key', /AKIA[0-9A-Z]{16}/],
    ['password or secret assigned a literal', /\b(password|passwd|secret|masterKey|apiKey|token)\s*[:=]\s*['"`][^'"`\s]{8,}['"`]/i],
    ['credentials in a URL other than the local stack\'s rivulet:rivulet', /\w+:\/\/(?!rivulet:rivulet@)[^\s'"`/:@]+:[^\s'"`/@]+@/],
  ];

  it('recognises secret literals (self-check of the patterns)', () => {
    const bad = ["const password = 'hunter2hunter2';", "url: 'postgres://admin:s3cret@db.example.com/x'", "key: 'rk_abcdefghijklmnopqrstuv'", '-----BEGIN PRIVATE KEY-----'];
    for (const text of bad) expect(SECRET_LITERALS.some(([, re]) => re.test(text)), text).toBe(true);
    expect(SECRET_LITERALS.some(([, re]) => re.test("DATABASE_URL: z.string().default('postgres://rivulet:rivulet@127.0.0.1:15432/rivulet')"))).toBe(false);
  });

  it('has no secret literal in the sources of apps, libraries and migrations', () => {
    const hits = sources().flatMap((file) => {
      const text = readRepoText(file);
      return SECRET_LITERALS.filter(([, re]) => re.test(text)).map(([what]) => `${file}: ${what}`);
    });
    expect(hits).toEqual([]);
  });

  it('reads the environment only in apps (their config) and never in libraries', () => {
    const code = (file: string) => readRepoText(file).split('\n').filter((l) => !/^\s*(\*|\/\/)/.test(l)).join('\n');
    const readers = sources().filter((file) => file.startsWith('libs/') && /process\.env\b/.test(code(file)))
      // testkit is the test helper library (it reads the stack's addresses for tests); a package's bin/ is an
      // entry point like an app's index.ts, and parses its environment once with zod in the same way.
      .filter((file) => !file.startsWith('libs/testkit/') && !file.includes('/src/bin/'));
    expect(readers).toEqual([]);
  });

  it('takes every secret setting of the apps from a named environment variable (no default value)', () => {
    const schemas = sources().filter((f) => /^apps\/[^/]+\/src\/.*[cC]onfig\.ts$/.test(f)).map((f) => [f, readRepoText(f)] as const);
    expect(schemas.length).toBeGreaterThan(3);
    const defaulted = schemas.flatMap(([file, text]) =>
      [...text.matchAll(/\b([A-Z_]*(SECRET|PASSWORD|MASTER_KEY|API_KEYS?|ADMIN_KEY)[A-Z_]*):[^\n]*\.default\(/g)].map((m) => `${file}: ${m[1]} has a default`),
    );
    expect(defaulted).toEqual([]);
  });
});
