import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { parseDuration } from '../duration.js';
import { ChecksFileError } from '../errors.js';
import { fieldsOf, parseExpression } from '../expression/parseExpression.js';
import { FORMAT_EXPECTED } from '../formats/formats.js';
import { checkSpecSchema, checksFileSchema, type CheckSpec } from './checkSchema.js';
import { DEFAULT_DIMENSIONS, type CompiledCheck, type CompiledChecks, type Threshold } from './compiledChecks.js';

const DEFAULT_NAME_PREFIX: Record<CheckSpec['type'], string> = {
  missing: 'completeness',
  invalid: 'validity',
  allowed_values: 'allowed',
  range: 'range',
  regex: 'pattern',
  consistency: 'consistency',
  reference: 'reference',
  duplicate: 'uniqueness',
  freshness: 'freshness',
};

function describeIssues(error: z.ZodError, where: string): string[] {
  return error.issues.map((i) => `${where}${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
}

function threshold(value: number | string | undefined): Threshold | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? { unit: 'count', value } : { unit: 'percent', value: Number(value.slice(0, -1)) / 100 };
}

function expectedOf(spec: CheckSpec): string {
  switch (spec.type) {
    case 'missing':
      return 'a value';
    case 'invalid':
      return FORMAT_EXPECTED[spec.format];
    case 'allowed_values':
      return `one of ${spec.values.join(', ')}`;
    case 'range':
      return spec.min !== undefined && spec.max !== undefined ? `between ${spec.min} and ${spec.max}` : spec.min !== undefined ? `at least ${spec.min}` : `at most ${spec.max}`;
    case 'regex':
      return `matching /${spec.pattern}/`;
    case 'consistency':
      return spec.expression;
    case 'reference':
      return `an existing ${spec.entity}`;
    case 'duplicate':
      return `no earlier record with the same ${spec.fields.join(', ')}`;
    case 'freshness':
      return `younger than ${spec.fail_after ?? spec.warn_after}`;
  }
}

function compile(spec: CheckSpec, name: string): CompiledCheck {
  const expression = spec.type === 'consistency' ? parseExpression(spec.expression) : undefined;
  const fields =
    spec.type === 'consistency'
      ? fieldsOf(expression!)
      : spec.type === 'duplicate'
        ? spec.fields
        : spec.type === 'invalid' && spec.country_field
          ? [spec.field, spec.country_field]
          : [spec.field];
  const fresh = spec.type === 'freshness';
  return {
    name,
    type: spec.type,
    field: fields[0] ?? null,
    fields,
    severity: fresh ? (spec.fail_after ? 'FAIL' : 'WARN') : spec.severity && (spec.severity === 'fail' ? 'FAIL' : 'WARN'),
    window: spec.window && { warn: threshold(spec.window.warn), fail: threshold(spec.window.fail) },
    weight: spec.weight ?? 1,
    pii: spec.pii ?? false,
    expected: expectedOf(spec),
    spec,
    expression,
    when: spec.when === undefined ? undefined : parseExpression(spec.when),
    pattern: spec.type === 'regex' ? new RegExp(spec.pattern) : undefined,
    warnAfterMs: fresh && spec.warn_after ? parseDuration(spec.warn_after) : undefined,
    failAfterMs: fresh && spec.fail_after ? parseDuration(spec.fail_after) : undefined,
  };
}

/**
 * Validates a parsed checks document (from YAML or JSON). Pure; throws one ChecksFileError listing every
 * problem, each naming the check (`checks[3] (validity.email)`) so a bad file is fixed in one pass.
 */
export function compileChecks(document: unknown, file: string): CompiledChecks {
  const top = checksFileSchema.safeParse(document);
  if (!top.success) throw new ChecksFileError(file, describeIssues(top.error, ''));
  const problems: string[] = [];
  const checks: CompiledCheck[] = [];
  const names = new Set<string>();
  top.data.checks.forEach((raw, index) => {
    const label = (raw as { name?: unknown } | null)?.name;
    const where = `checks[${index}]${typeof label === 'string' ? ` (${label})` : ''}: `;
    const parsed = checkSpecSchema.safeParse(raw);
    if (!parsed.success) return void problems.push(...describeIssues(parsed.error, where));
    const spec = parsed.data;
    const field = spec.type === 'duplicate' ? spec.fields.join('+') : spec.type === 'consistency' ? '' : spec.field;
    const name = spec.name ?? `${DEFAULT_NAME_PREFIX[spec.type]}.${field}`;
    const at = `checks[${index}] (${name}): `;
    if (spec.type !== 'freshness' && spec.severity === undefined && spec.window === undefined)
      return void problems.push(`${at}needs a severity (warn | fail) and/or window thresholds`);
    if (names.has(name)) return void problems.push(`${at}duplicate check name; give one of them a "name"`);
    names.add(name);
    try {
      checks.push(compile(spec, name));
    } catch (error) {
      problems.push(`${at}${(error as Error).message}`);
    }
  });
  if (problems.length > 0) throw new ChecksFileError(file, problems);
  const dims = top.data.dimensions ?? {};
  return {
    entity: top.data.entity,
    file,
    dimensions: {
      source: dims.source ?? DEFAULT_DIMENSIONS.source,
      region: dims.region ?? DEFAULT_DIMENSIONS.region,
      segment: dims.segment ?? DEFAULT_DIMENSIONS.segment,
    },
    checks,
  };
}

/** Parses and validates the text of a checks file (YAML, so JSON too). Pure: the caller reads the file. */
export function parseChecks(text: string, file: string): CompiledChecks {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ChecksFileError(file, [`not valid YAML: ${(error as Error).message}`], { cause: error });
  }
  return compileChecks(document, file);
}
