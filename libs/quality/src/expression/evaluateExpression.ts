import { getField } from '../fieldPath.js';
import type { ComparisonOp, Expr } from './parseExpression.js';

/**
 * Kleene three-valued logic: `null` is "unknown". A comparison with a null/absent field is unknown (an unpaid
 * invoice's `paid_at >= issued_at` is neither kept nor broken), except against the literal `null`, which
 * tests presence. `false && unknown` is false and `true || unknown` is true, so guards like
 * `paid_at == null || paid_at >= issued_at` work. The caller skips the check when the result is unknown.
 */
export type Truth = boolean | null;

type Value = number | string | boolean | null;

function valueOf(expr: Expr, record: unknown): Value | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'field') {
    const v = getField(record, expr.path);
    if (v === undefined || v === null) return null;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.getTime();
    return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
  }
  return undefined;
}

function compare(op: ComparisonOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default: {
      // Ordering only between values of one type (numbers, or strings such as ISO timestamps).
      if (typeof a !== typeof b || typeof a === 'boolean') return false;
      const x = a as number | string;
      const y = b as number | string;
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
  }
}

export function evaluateExpression(expr: Expr, record: unknown): Truth {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'boolean' ? expr.value : null;
    case 'field': {
      const v = valueOf(expr, record);
      return typeof v === 'boolean' ? v : null;
    }
    case 'not': {
      const v = evaluateExpression(expr.operand, record);
      return v === null ? null : !v;
    }
    case 'and': {
      const l = evaluateExpression(expr.left, record);
      if (l === false) return false;
      const r = evaluateExpression(expr.right, record);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    }
    case 'or': {
      const l = evaluateExpression(expr.left, record);
      if (l === true) return true;
      const r = evaluateExpression(expr.right, record);
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case 'compare': {
      const literalNull = (e: Expr) => e.kind === 'literal' && e.value === null;
      // `x == null` / `x != null` test presence, whatever x holds (a nested record counts as present).
      if (literalNull(expr.left) || literalNull(expr.right)) {
        const other = literalNull(expr.left) ? expr.right : expr.left;
        const v = other.kind === 'field' ? getField(record, other.path) : other.kind === 'literal' ? other.value : undefined;
        const absent = v === undefined || v === null;
        return expr.op === '==' ? absent : expr.op === '!=' ? !absent : null;
      }
      const a = valueOf(expr.left, record);
      const b = valueOf(expr.right, record);
      if (a === undefined || b === undefined || a === null || b === null) return null;
      return compare(expr.op, a, b);
    }
  }
}
