import { z } from 'zod';
import { fieldMappingSchema } from '../mapping/mappingSchema.js';
import { compileRule } from '../rules/ruleRegistry.js';
import { MappingDefinitionError } from '../transformError.js';
import { evaluateField, type RawRecord, type Transformation } from '../mapping/evaluateField.js';

/** Field name → rules, in mapping-file syntax: `{ "email": [["email"]], "phone": [["phone", {"defaultCountry": "GB"}]] }`. */
export type FieldRules = Record<string, ReadonlyArray<readonly [string] | readonly [string, Record<string, unknown>]>>;

export interface NormalizeRecordsResult {
  normalized_records: Record<string, unknown>[];
  /** Per record: the changes made. */
  transformations: Transformation[][];
  invalid: { index: number; field: string; reason: string; rule: string }[];
}

const rulesSchema = z.record(z.string(), fieldMappingSchema.shape.rules);

/**
 * The seed's `/normalize`: runs rules on named fields of ad-hoc records, without a mapping file. Fields
 * without rules are copied; an invalid value becomes null and is listed. Throws MappingDefinitionError for
 * an unknown rule or bad parameters (a 400 for the API).
 */
export function normalizeRecords(records: readonly RawRecord[], fieldRules: FieldRules): NormalizeRecordsResult {
  const parsed = rulesSchema.safeParse(fieldRules);
  if (!parsed.success) throw new MappingDefinitionError(`invalid rules: ${z.prettifyError(parsed.error)}`);
  const fields = Object.entries(parsed.data).map(([name, rules]) => ({
    target: name, from: name, rules, required: false,
    compiled: rules.map(([rule, params], i) => compileRule(rule, params, `rules for "${name}"[${i}]`)),
  }));
  const result: NormalizeRecordsResult = { normalized_records: [], transformations: [], invalid: [] };
  records.forEach((record, index) => {
    const out: Record<string, unknown> = { ...record };
    const changes: Transformation[] = [];
    for (const field of fields) {
      const outcome = evaluateField(field, record);
      changes.push(...outcome.steps);
      if (outcome.kind === 'invalid') {
        result.invalid.push({ index, field: field.target, reason: outcome.reason, rule: outcome.rule });
        out[field.target] = null;
      } else out[field.target] = outcome.value;
    }
    result.normalized_records.push(out);
    result.transformations.push(changes);
  });
  return result;
}
