import type { z } from '@rivulet/config';
import { ValidationError, type FieldProblem } from './apiError.js';

/**
 * The path of the first string holding U+0000 (PostgreSQL text and jsonb cannot store it: a filter or row
 * with one fails in the database, a 500, instead of a 400). Iterative, so a deeply nested body cannot
 * overflow the stack.
 */
export function nulPath(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${path}.${k.replaceAll('\u0000', '\\0')}`;
        stack.push([item, `${path}.${k}`]);
      }
    }
  }
  return undefined;
}

/** Parses one part of a request; a failure lists every problem with its path (`query.limit`). */
export function validate<S extends z.ZodType>(schema: S | undefined, value: unknown, where: 'query' | 'params' | 'body'): z.output<S> {
  const nul = nulPath(value, where);
  if (nul) throw new ValidationError(`invalid ${where}: ${nul}: contains a NUL character (U+0000), which no field may hold`, [{ path: nul, message: 'contains a NUL character (U+0000)' }]);
  if (!schema) return (where === 'body' ? value : {}) as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
    message: issue.message,
  }));
  throw new ValidationError(`invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`.slice(0, 500), errors);
}
