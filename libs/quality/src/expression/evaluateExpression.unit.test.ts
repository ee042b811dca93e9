import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError } from '../errors.js';
import { evaluateExpression } from './evaluateExpression.js';
import { fieldsOf, parseExpression } from './parseExpression.js';

const run = (src: string, record: unknown) => evaluateExpression(parseExpression(src), record);

describe('consistency expressions', () => {
  it('given comparisons over fields, then they compare numbers and strings', () => {
    expect(run('paid_at >= issued_at', { paid_at: 5, issued_at: 4 })).toBe(true);
    expect(run('amount_paid.amount_minor <= amount_due.amount_minor', { amount_paid: { amount_minor: 7 }, amount_due: { amount_minor: 6 } })).toBe(false);
    expect(run("status == 'PAID'", { status: 'PAID' })).toBe(true);
    expect(run('a != "x" && b < -1.5', { a: 'y', b: -2 })).toBe(true);
    expect(run("d >= '1900-01-01'", { d: '1899-12-31' })).toBe(false);
  });

  it('given a null field, then the comparison is unknown, and && / || follow Kleene logic', () => {
    expect(run('paid_at >= issued_at', { issued_at: 1 })).toBeNull();
    expect(run('paid_at == null || paid_at >= issued_at', { issued_at: 1 })).toBe(true);
    expect(run('x > 1 && y > 1', { y: 0 })).toBe(false);
    expect(run('x > 1 || y > 1', { y: 0 })).toBeNull();
    expect(run('!(x > 1)', { x: 0 })).toBe(true);
    expect(run('credit_limit != null', { credit_limit: { amount_minor: 1 } })).toBe(true);
  });

  it('given mixed types, then ordering is false, not coerced', () => {
    expect(run('a < b', { a: 1, b: '2' })).toBe(false);
  });

  it('given && binding tighter than ||, then precedence is respected', () => {
    expect(run('a == 1 || a == 2 && b == 3', { a: 1, b: 0 })).toBe(true);
    expect(run('(a == 1 || a == 2) && b == 3', { a: 1, b: 0 })).toBe(false);
  });

  it.each(['a >= ', 'a = b', 'a > b c', 'constructor.prototype > (1', "a == 'x", 'process.exit(1)', 'a; b'])(
    'given "%s", then it is rejected without evaluating anything',
    (src) => expect(() => parseExpression(src)).toThrow(ExpressionSyntaxError),
  );

  it('given an expression, then fieldsOf lists the fields it reads', () => {
    expect(fieldsOf(parseExpression("paid_at >= issued_at || status != 'PAID'"))).toEqual(['paid_at', 'issued_at', 'status']);
  });

  it('given a path through a prototype, then it reads nothing special (only own data)', () => {
    expect(run('constructor == null', {})).toBe(true);
    expect(run('a.constructor.name == "Object"', { a: {} })).toBeNull();
  });
});
