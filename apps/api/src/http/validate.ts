import type { z } from '@rivulet/config';
import { ValidationError, type FieldProblem } from './apiError.js';

/** Parses one part of a request; a failure lists every problem with its path (`query.limit`). */
export function validate<S extends z.ZodType>(schema: S | undefined, value: unknown, where: 'query' | 'params' | 'body'): z.output<S> {
  if (!schema) return (where === 'body' ? value : {}) as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
    message: issue.message,
  }));
  throw new ValidationError(`invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`.slice(0, 500), errors);
}
