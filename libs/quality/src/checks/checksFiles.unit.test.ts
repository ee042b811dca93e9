/**
 * The shipped checks files: one per canonical entity, each valid, and every field path they read exists in
 * that entity's Avro contract (so a renamed field breaks this test, not production).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChecksFileError } from '../errors.js';
import { fieldsOf } from '../expression/parseExpression.js';
import type { CompiledChecks } from './compiledChecks.js';
import { loadChecksDir, loadChecksFile } from './loadChecks.js';

const ROOT = join(import.meta.dirname, '../../../..');
const AVRO = join(ROOT, 'schemas/avro');
const ENTITIES: Record<string, string> = {
  party: 'CanonicalPartyRecorded', account: 'CanonicalAccountRecorded', order: 'CanonicalOrderRecorded', invoice: 'CanonicalInvoiceRecorded',
  payment: 'CanonicalPaymentRecorded', usage: 'CanonicalUsageRecorded', network_event: 'CanonicalNetworkEventRecorded', ticket: 'CanonicalTicketRecorded',
};

type Schema = string | Schema[] | { type: unknown; name?: string; namespace?: string; fields?: { name: string; type: Schema }[] };

function namedTypes(): Map<string, Schema> {
  const out = new Map<string, Schema>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.avsc')) {
        const s = JSON.parse(readFileSync(join(dir, entry.name), 'utf8'));
        out.set(`${s.namespace}.${s.name}`, s);
      }
    }
  };
  walk(AVRO);
  return out;
}

/** Whether a dotted path exists in a record schema (through nullable unions and named references). */
function hasPath(named: Map<string, Schema>, schema: Schema, path: string[]): boolean {
  if (path.length === 0) return true;
  let s = schema;
  if (typeof s === 'string') s = named.get(s) ?? s;
  if (Array.isArray(s)) return s.some((branch) => branch !== 'null' && hasPath(named, branch, path));
  if (typeof s !== 'object' || !s.fields) return false;
  const field = s.fields.find((f) => f.name === path[0]);
  return field !== undefined && hasPath(named, field.type, path.slice(1));
}

describe('config/checks', () => {
  let all: Map<string, CompiledChecks>;
  const named = namedTypes();
  beforeAll(async () => {
    all = await loadChecksDir(join(ROOT, 'config/checks'));
  });

  it('given the directory, then there is exactly one valid checks file per canonical entity', () => {
    expect([...all.keys()].sort()).toEqual(Object.keys(ENTITIES).sort());
  });

  it.each(Object.entries(ENTITIES))('given %s.yaml, then every field it reads exists in %s.avsc', (entity, schemaName) => {
    const schema = named.get(`io.rivulet.canonical.${schemaName}`)!;
    const paths = new Set(all.get(entity)!.checks.flatMap((c) => [...c.fields, ...(c.when ? fieldsOf(c.when) : [])]));
    const unknown = [...paths].filter((p) => !hasPath(named, schema, p.split('.')));
    expect(unknown).toEqual([]);
  });

  it('given a file whose entity differs from its name, or that cannot be read, then loading names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    writeFileSync(join(dir, 'order.yaml'), 'entity: invoice\nchecks:\n  - { type: missing, field: a, severity: fail }\n');
    await expect(loadChecksFile(join(dir, 'order.yaml'))).rejects.toThrow(/order.yaml: invalid checks file:\n  - entity "invoice" does not match/);
    await expect(loadChecksFile(join(dir, 'absent.yaml'))).rejects.toThrow(ChecksFileError);
  });
});
