import { describe, expect, it } from 'vitest';
import { ChecksFileError } from '../errors.js';
import { evaluateWindow } from '../window/evaluateWindow.js';
import { emptyWindowStats, mergeWindowStats, recordWindowStats, type WindowStats } from '../window/windowStats.js';
import { evaluateRecord } from './evaluateRecord.js';
import { compileChecks, parseChecks } from './parseChecks.js';
import type { QualityContext } from './qualityContext.js';

const NOW = Date.parse('2024-02-01T00:00:00Z');
const ctx: QualityContext = { now: NOW };
const one = (check: Record<string, unknown>) => compileChecks({ entity: 'invoice', checks: [check] }, 'test.yaml');
const failedOf = (check: Record<string, unknown>, record: unknown, c: QualityContext = ctx) => evaluateRecord(one(check), record, c);

describe('per-record check types', () => {
  it.each([
    ['missing', { type: 'missing', field: 'email', severity: 'fail' }, { email: 'a@b.co' }, [{ email: null }, { email: '  ' }, {}]],
    ['invalid email', { type: 'invalid', field: 'email', format: 'email', severity: 'fail' }, { email: 'a.b@x.co.uk' }, [{ email: 'a@' }, { email: 'a at b.com' }, { email: 'a@b' }]],
    ['invalid phone', { type: 'invalid', field: 'p', format: 'phone_e164', severity: 'fail' }, { p: '+442079460123' }, [{ p: '02079460123' }, { p: '+44 20' }, { p: '12ab' }]],
    ['invalid iban', { type: 'invalid', field: 'i', format: 'iban', severity: 'fail' }, { i: 'GB82 WEST 1234 5698 7654 32' }, [{ i: 'GB82WEST12345698765433' }, { i: 'GB82WEST123456987654' }]],
    ['invalid postcode', { type: 'invalid', field: 'pc', format: 'postcode', country_field: 'cc', severity: 'fail' }, { pc: 'SW1A 1AA', cc: 'GB' }, [{ pc: '12345', cc: 'GB' }, { pc: 'SW1A', cc: 'DE' }, { pc: '1234', cc: 'NL' }]],
    ['invalid country', { type: 'invalid', field: 'c', format: 'country', severity: 'fail' }, { c: 'GB' }, [{ c: 'UK' }, { c: 'gb' }]],
    ['invalid currency', { type: 'invalid', field: 'c', format: 'currency', severity: 'fail' }, { c: 'EUR' }, [{ c: 'usd' }, { c: 'POUNDS' }]],
    ['allowed values', { type: 'allowed_values', field: 's', values: ['PAID', 'ISSUED'], severity: 'fail' }, { s: 'PAID' }, [{ s: 'paid' }]],
    ['range', { type: 'range', field: 'n', min: 0, max: 10, severity: 'fail' }, { n: 10 }, [{ n: -1 }, { n: 11 }, { n: 'ten' }]],
    ['regex', { type: 'regex', field: 'v', pattern: '^GB\\d{9}$', severity: 'fail' }, { v: 'GB123456789' }, [{ v: 'GB12' }]],
    ['consistency', { type: 'consistency', name: 'c.paid', expression: 'paid_at >= issued_at', severity: 'fail' }, { paid_at: 2, issued_at: 1 }, [{ paid_at: 0, issued_at: 1 }]],
  ])('given a %s check, when values are good or bad, then only the bad fail', (_name, check, good, bads) => {
    expect(failedOf(check, good).status).toBe('PASS');
    for (const bad of bads) expect(failedOf(check, bad).status, JSON.stringify(bad)).toBe('FAIL');
  });

  it('given format checks, when the value is absent, then they skip (completeness is another check)', () => {
    const v = failedOf({ type: 'invalid', field: 'email', format: 'email', severity: 'fail' }, { email: null });
    expect(v).toMatchObject({ status: 'PASS', checksEvaluated: 0, score: 1 });
  });

  it('given a postcode of a country without a known shape, then the check skips', () => {
    expect(failedOf({ type: 'invalid', field: 'pc', format: 'postcode', country_field: 'cc', severity: 'fail' }, { pc: '???', cc: 'ZW' }).checksEvaluated).toBe(0);
  });

  it('given a reference check, when the lookup knows or does not know the id, then it passes or fails; without lookup it skips', () => {
    const check = { type: 'reference', field: 'account_id', entity: 'account', severity: 'warn' };
    const exists = (entity: string, id: string) => entity === 'account' && id === 'A1';
    expect(failedOf(check, { account_id: 'A1' }, { now: NOW, lookups: { exists } }).status).toBe('PASS');
    expect(failedOf(check, { account_id: 'A2' }, { now: NOW, lookups: { exists } }).status).toBe('WARN');
    expect(failedOf(check, { account_id: 'A2' }).checksEvaluated).toBe(0);
  });

  it('given a duplicate check, when seen() says the key was seen, then the record fails with the key it asked about', () => {
    const asked: string[] = [];
    const seen = (key: string) => (asked.push(key), key.includes('I2'));
    const check = { type: 'duplicate', fields: ['invoice_id'], severity: 'warn' };
    expect(failedOf(check, { invoice_id: 'I1' }, { now: NOW, lookups: { seen } }).status).toBe('PASS');
    expect(failedOf(check, { invoice_id: 'I2' }, { now: NOW, lookups: { seen } }).status).toBe('WARN');
    expect(asked).toEqual(['["invoice","I1"]', '["invoice","I2"]']);
  });

  it('given freshness with warn and fail ages, when the event is older than each, then WARN then FAIL', () => {
    const check = { type: 'freshness', field: 'envelope.event_time', warn_after: '1h', fail_after: '1d' };
    const at = (ageMs: number) => ({ envelope: { event_time: NOW - ageMs } });
    expect(failedOf(check, at(30 * 60_000)).status).toBe('PASS');
    expect(failedOf(check, at(2 * 3_600_000)).status).toBe('WARN');
    expect(failedOf(check, at(2 * 86_400_000)).status).toBe('FAIL');
  });

  it('given a `when` filter, then the check applies only where it holds', () => {
    const check = { type: 'missing', field: 'email', when: "party_type == 'PERSON'", severity: 'fail' };
    expect(failedOf(check, { party_type: 'ORGANIZATION' }).checksEvaluated).toBe(0);
    expect(failedOf(check, { party_type: 'PERSON' }).status).toBe('FAIL');
  });
});

describe('verdict, score and issues', () => {
  const checks = compileChecks(
    {
      entity: 'invoice',
      checks: [
        { type: 'missing', field: 'invoice_id', severity: 'fail', weight: 2 },
        { type: 'invalid', field: 'email', format: 'email', severity: 'warn', pii: true },
        { type: 'range', field: 'amount', min: 0, severity: 'warn' },
        { type: 'missing', field: 'region', window: { warn: '5%' } },
      ],
    },
    't.yaml',
  );

  it('given one WARN failure of weight 1 among weights 4, then score 0.75 and status WARN; aggregate-only checks do not count', () => {
    const v = evaluateRecord(checks, { invoice_id: 'I1', email: 'bad', amount: 5, region: null }, ctx);
    expect(v).toMatchObject({ status: 'WARN', score: 0.75, checksEvaluated: 3 });
    expect(v.failed).toEqual([expect.objectContaining({ check: 'validity.email', severity: 'WARN', observed: null, field: 'email' })]);
    expect(v.failed[0]?.message).not.toContain('bad');
    expect(v.results.find((r) => r.check === 'completeness.region')?.outcome).toBe('fail');
  });

  it('given a FAIL-severity failure, then the record FAILs; ctx.protect supplies the pii observed value', () => {
    const v = evaluateRecord(checks, { email: 'bad', amount: -1 }, { now: NOW, protect: (_f, v) => `enc(${String(v)})` });
    expect(v.status).toBe('FAIL');
    expect(v.failed.map((f) => [f.check, f.observed])).toEqual([['completeness.invoice_id', null], ['validity.email', 'enc(bad)'], ['range.amount', '-1']]);
    expect(v.score).toBeCloseTo(0, 5);
  });

  it('given window thresholds, when the failing share crosses warn then fail, then the window verdict follows', () => {
    const c = compileChecks({ entity: 'x', checks: [{ type: 'missing', field: 'email', window: { warn: '5%', fail: '10%' } }, { type: 'range', field: 'n', min: 0, severity: 'warn', window: { warn: 2 } }] }, 't');
    const windowOf = (records: object[]) =>
      records.reduce<WindowStats>(
        (s, r) => mergeWindowStats(s, recordWindowStats(c, r, evaluateRecord(c, r, ctx), { source: 's', windowStart: 0, windowEnd: 1 })),
        emptyWindowStats('s', 'x', 0, 1),
      );
    const batch = (missing: number) => Array.from({ length: 100 }, (_, i) => ({ email: i < missing ? null : 'a@b.co', n: i < 2 ? -1 : 1 }));
    expect(evaluateWindow(c, windowOf(batch(4))).map((w) => w.status)).toEqual(['PASS', 'WARN']);
    expect(evaluateWindow(c, windowOf(batch(5)))[0]?.status).toBe('WARN');
    expect(evaluateWindow(c, windowOf(batch(10)))[0]).toMatchObject({ status: 'FAIL', failed: 10, evaluated: 100, failedPercent: 10 });
  });
});

describe('checks file validation', () => {
  it('given a bad file, then the error names the file, the check and the problem', () => {
    const text = `entity: invoice\nchecks:\n  - { type: invalid, field: email, format: emial, severity: fail }\n  - { type: missing, field: id }\n  - { type: consistency, name: c1, expression: "a >= ", severity: fail }\n  - { type: range, field: n, name: r, severity: fail }\n`;
    let error: unknown;
    try {
      parseChecks(text, 'config/checks/invoice.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChecksFileError);
    const message = (error as Error).message;
    expect(message).toContain('config/checks/invoice.yaml');
    expect(message).toMatch(/checks\[0\]: format/);
    expect(message).toMatch(/checks\[1\] \(completeness.id\): needs a severity/);
    expect(message).toMatch(/checks\[2\] \(c1\): expected a field or a value/);
    expect(message).toMatch(/checks\[3\] \(r\): range needs min and\/or max/);
  });

  it('given two checks with one name, then it is rejected', () => {
    expect(() => compileChecks({ entity: 'x', checks: [{ type: 'missing', field: 'a', severity: 'fail' }, { type: 'missing', field: 'a', severity: 'warn' }] }, 'f')).toThrow(/duplicate check name/);
  });

  it('given invalid YAML, then the error names the file', () => {
    expect(() => parseChecks('entity: [', 'broken.yaml')).toThrow(/broken.yaml: invalid checks file/);
  });
});
