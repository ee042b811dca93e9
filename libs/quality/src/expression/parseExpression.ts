import { ExpressionSyntaxError } from '../errors.js';

/**
 * A tiny, safe expression language for cross-field consistency checks: field paths, number / string /
 * true / false / null literals, comparisons (== != < <= > >=), `!`, `&&`, `||` and parentheses.
 * Parsed into a tree once at load and interpreted: no `eval`, no `Function`, no property access beyond
 * reading record fields by name.
 */
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Expr =
  | { kind: 'field'; path: string }
  | { kind: 'literal'; value: number | string | boolean | null }
  | { kind: 'compare'; op: ComparisonOp; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr };

type Token = { type: 'num' | 'str' | 'ident' | 'op' | 'paren'; text: string; value?: number | string; pos: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) { i++; continue; }
    const start = i;
    if (ch === '(' || ch === ')') { tokens.push({ type: 'paren', text: ch, pos: i++ }); continue; }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) { tokens.push({ type: 'op', text: op, pos: i }); i += op.length; continue; }
    const num = /^-?\d+(?:\.\d+)?/.exec(source.slice(i));
    if (num) { tokens.push({ type: 'num', text: num[0], value: Number(num[0]), pos: start }); i += num[0].length; continue; }
    if (ch === "'" || ch === '"') {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) throw new ExpressionSyntaxError(source, i, 'unterminated string');
      tokens.push({ type: 'str', text: source.slice(i, end + 1), value: source.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(source.slice(i));
    if (ident) { tokens.push({ type: 'ident', text: ident[0], pos: start }); i += ident[0].length; continue; }
    throw new ExpressionSyntaxError(source, i, `unexpected character "${ch}"`);
  }
  return tokens;
}

/** Recursive descent: or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | comparison. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const fail = (problem: string): never => {
    throw new ExpressionSyntaxError(source, peek()?.pos ?? source.length, problem);
  };
  const take = (text: string): boolean => {
    if (peek()?.text !== text) return false;
    at++;
    return true;
  };

  function operand(): Expr {
    const t = peek();
    if (!t) return fail('expected a field or a value');
    at++;
    if (t.type === 'paren' && t.text === '(') {
      const inner = or();
      if (!take(')')) fail('expected ")"');
      return inner;
    }
    if (t.type === 'num' || t.type === 'str') return { kind: 'literal', value: t.value as number | string };
    if (t.type === 'ident') {
      if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
      if (t.text === 'null') return { kind: 'literal', value: null };
      return { kind: 'field', path: t.text };
    }
    at--;
    return fail(`unexpected "${t.text}"`);
  }
  function comparison(): Expr {
    const left = operand();
    const t = peek();
    if (t?.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      at++;
      return { kind: 'compare', op: t.text as ComparisonOp, left, right: operand() };
    }
    return left;
  }
  function unary(): Expr {
    return take('!') ? { kind: 'not', operand: unary() } : comparison();
  }
  function and(): Expr {
    let left = unary();
    while (take('&&')) left = { kind: 'and', left, right: unary() };
    return left;
  }
  function or(): Expr {
    let left = and();
    while (take('||')) left = { kind: 'or', left, right: and() };
    return left;
  }

  const tree = or();
  if (at < tokens.length) fail(`unexpected "${peek()?.text}"`);
  return tree;
}

/** Field paths an expression reads (for issue dimensions and completeness bookkeeping). */
export function fieldsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'field':
      return [expr.path];
    case 'literal':
      return [];
    case 'not':
      return fieldsOf(expr.operand);
    case 'compare':
    case 'and':
    case 'or':
      return [...new Set([...fieldsOf(expr.left), ...fieldsOf(expr.right)])];
  }
}
