import { evaluateExpression } from '../expression/evaluateExpression.js';
import { getField, isMissing, toEpochMs } from '../fieldPath.js';
import { matchesFormat } from '../formats/formats.js';
import type { CompiledCheck, Severity } from './compiledChecks.js';
import { duplicateKey, type QualityContext } from './qualityContext.js';

/**
 * The outcome of one check on one record. `skip` means "does not apply" (value absent for a format check,
 * an unknown consistency expression, a lookup the app did not give): it neither passes nor fails.
 */
export type CheckOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'skip' }
  | { readonly status: 'fail'; readonly observed: unknown; readonly message: string; readonly severity?: Severity };

const PASS: CheckOutcome = { status: 'pass' };
const SKIP: CheckOutcome = { status: 'skip' };
const fail = (observed: unknown, message: string, severity?: Severity): CheckOutcome => ({ status: 'fail', observed, message, severity });
const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

/** Runs one compiled check against one record. Pure. */
export function evaluateCheck(check: CompiledCheck, record: unknown, entity: string, ctx: QualityContext): CheckOutcome {
  const spec = check.spec;
  if (check.when && evaluateExpression(check.when, record) !== true) return SKIP;
  const value = check.field === null ? undefined : getField(record, check.field);
  // Every check except completeness and consistency judges a present value; absence is completeness' business.
  if (spec.type !== 'missing' && spec.type !== 'consistency' && spec.type !== 'duplicate' && isMissing(value)) return SKIP;

  switch (spec.type) {
    case 'missing':
      return isMissing(value) ? fail(value ?? null, `${spec.field} is missing`) : PASS;
    case 'invalid': {
      const country = spec.country ?? (spec.country_field ? getField(record, spec.country_field) : undefined);
      const ok = matchesFormat(spec.format, value, country);
      if (ok === undefined) return SKIP;
      return ok ? PASS : fail(value, `${spec.field} is not ${check.expected}`);
    }
    case 'allowed_values':
      return spec.values.includes(value as string) ? PASS : fail(value, `${spec.field} = ${show(value)} is not ${check.expected}`);
    case 'range': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) return fail(value, `${spec.field} = ${show(value)} is not a number`);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        return fail(value, `${spec.field} = ${n} is not ${check.expected}`);
      return PASS;
    }
    case 'regex':
      return check.pattern!.test(String(value)) ? PASS : fail(value, `${spec.field} = ${show(value)} does not match /${spec.pattern}/`);
    case 'consistency': {
      const truth = evaluateExpression(check.expression!, record);
      if (truth === null) return SKIP;
      if (truth) return PASS;
      const observed = Object.fromEntries(check.fields.map((f) => [f, getField(record, f) ?? null]));
      return fail(observed, `${spec.expression} does not hold`);
    }
    case 'reference': {
      const exists = ctx.lookups?.exists;
      if (!exists) return SKIP;
      return exists(spec.entity, String(value)) ? PASS : fail(value, `${spec.field} = ${show(value)} refers to no known ${spec.entity}`);
    }
    case 'duplicate': {
      const seen = ctx.lookups?.seen;
      const values = spec.fields.map((f) => getField(record, f));
      if (!seen || values.some(isMissing)) return SKIP;
      return seen(duplicateKey(entity, values)) ? fail(values.join('|'), `duplicate ${spec.fields.join(', ')} = ${values.join('|')} in this window`) : PASS;
    }
    case 'freshness': {
      const at = toEpochMs(value);
      if (Number.isNaN(at)) return fail(value, `${spec.field} = ${show(value)} is not a timestamp`);
      const age = ctx.now - at;
      const hours = (age / 3_600_000).toFixed(1);
      if (check.failAfterMs !== undefined && age > check.failAfterMs) return fail(value, `${spec.field} is ${hours} h old (limit ${spec.fail_after})`, 'FAIL');
      if (check.warnAfterMs !== undefined && age > check.warnAfterMs) return fail(value, `${spec.field} is ${hours} h old (limit ${spec.warn_after})`, 'WARN');
      return PASS;
    }
  }
}
