import type { CompiledField } from './compileMapping.js';

/** One field change made while normalising (schemas/avro/common/Transformation.avsc). */
export interface Transformation {
  field: string;
  before: string | null;
  after: string | null;
  rule: string;
}

export type RawRecord = Readonly<Record<string, unknown>>;

export type FieldOutcome =
  | { kind: 'value'; value: unknown; steps: Transformation[] }
  | { kind: 'invalid'; reason: string; rule: string; kept: unknown; steps: Transformation[] };

/**
 * Reads a field's input from the raw record and runs its rules in order, recording each rule that changed
 * the value. Rules stop at null: "no value" is not normalised further and not an error here (whether the
 * target may be null is the caller's decision). Object inputs (`from: {amount, currency}`) always run.
 */
export function evaluateField(field: CompiledField, raw: RawRecord): FieldOutcome {
  const steps: Transformation[] = [];
  if (field.template !== undefined) return { kind: 'value', value: fillTemplate(field.template, raw), steps };
  if (field.from === undefined) return { kind: 'value', value: field.const ?? null, steps };
  let current: unknown = typeof field.from === 'string'
    ? raw[field.from] ?? null
    : Object.fromEntries(Object.entries(field.from).map(([name, rawField]) => [name, raw[rawField] ?? null]));
  for (const rule of field.compiled) {
    if (current === null) break;
    const result = rule(current);
    if (!result.ok) return { kind: 'invalid', reason: result.invalid, rule: result.rule, kept: current, steps };
    const before = show(current);
    const after = result.shown ?? show(result.value);
    // A type change that reads the same ("2026-01-05T10:00:00.000Z" → epoch ms shown as ISO) is not history.
    if (result.changed && before !== after) steps.push({ field: field.target, before, after, rule: result.rule });
    current = result.value;
  }
  return { kind: 'value', value: current, steps };
}

/** `"crm:customer:{customer_id}"` → "crm:customer:CUS-1"; null when a placeholder has no value. */
export function fillTemplate(template: string, raw: RawRecord): string | null {
  let missing = false;
  const text = template.replace(/\{([a-z0-9_]+)\}/gi, (_, name: string) => {
    const value = raw[name];
    if (value === null || value === undefined || value === '') missing = true;
    return String(value ?? '');
  });
  return missing ? null : text;
}

/** History holds text (Transformation.before/after are strings): objects as JSON, null as null. */
export function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
