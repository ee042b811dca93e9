import { enumKey } from '../rules/enumMap.js';
import { MappingApplicationError } from '../transformError.js';
import type { OutputCondition } from './mappingSchema.js';
import type { CompiledOutput, Mapping } from './compileMapping.js';
import { buildEnvelope, type MappingContext } from './buildEnvelope.js';
import { evaluateField, type RawRecord, type Transformation } from './evaluateField.js';
import { setPath, nullEmptyGroups } from './fieldPath.js';

export interface MappedOutput {
  /** Canonical event name, e.g. CanonicalPartyRecorded. */
  eventName: string;
  role: string;
  /** Record key of the output (Kafka key after "<tenant>/"), from the output's `key` field. */
  key: string;
  /** The canonical event, envelope and history included, ready for Avro encoding. */
  value: Record<string, unknown>;
}

export interface InvalidValue {
  eventName: string;
  role: string;
  field: string;
  reason: string;
  rule: string;
}

export interface MappingResult {
  outputs: MappedOutput[];
  /** Every change of every output, `field` prefixed with the role ("account_contact.email"). */
  history: Transformation[];
  /** Values a rule refused, whatever the field's `onInvalid` made of them: what quality counts. */
  invalid: InvalidValue[];
}

/**
 * Applies a compiled mapping to one raw record: the generic engine, no per-source code. Pure: ids derive
 * from the raw event id, times from the raw envelope or `ctx`. Throws MappingApplicationError (not
 * retriable: dead-letter the record) when a required canonical field is missing or invalid.
 */
export function applyMapping(mapping: Mapping, raw: RawRecord, ctx: MappingContext): MappingResult {
  const recordId = raw[mapping.recordId];
  if (typeof recordId !== 'string' || recordId.trim() === '') {
    throw new MappingApplicationError(`${mapping.version}: raw field "${mapping.recordId}" (record id) is missing`, mapping.version, mapping.recordId);
  }
  const result: MappingResult = { outputs: [], history: [], invalid: [] };
  for (const output of mapping.outputs) {
    if (output.whenAnyPresent && !output.whenAnyPresent.some((name) => hasValue(raw[name]))) continue;
    if (output.when && !conditionHolds(output.when, raw)) continue;
    const { value, history } = buildOutput(mapping, output, raw, result.invalid);
    const key = value[output.key];
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new MappingApplicationError(`${mapping.version} ${output.role}: key field "${output.key}" has no value`, mapping.version, output.key);
    }
    const envelope = buildEnvelope(mapping, output, raw, recordId, ctx);
    value.transformations = history;
    result.outputs.push({ eventName: output.event, role: output.role, key: String(key), value: { ...envelope, ...value } });
    result.history.push(...history.map((t) => ({ ...t, field: `${output.role}.${t.field}` })));
  }
  return result;
}

function buildOutput(mapping: Mapping, output: CompiledOutput, raw: RawRecord, invalid: InvalidValue[]) {
  const value: Record<string, unknown> = {};
  const history: Transformation[] = [];
  for (const field of output.fields) {
    const outcome = evaluateField(field, raw);
    history.push(...outcome.steps);
    let fieldValue: unknown;
    if (outcome.kind === 'invalid') {
      invalid.push({ eventName: output.event, role: output.role, field: field.target, reason: outcome.reason, rule: outcome.rule });
      const policy = field.onInvalid ?? (field.required ? 'error' : 'null');
      if (policy === 'error') {
        throw new MappingApplicationError(
          `${mapping.version} ${output.role}: "${field.target}" is invalid (${outcome.reason} by rule ${outcome.rule})`, mapping.version, field.target,
        );
      }
      fieldValue = policy === 'keep' ? outcome.kept : null;
    } else fieldValue = outcome.value;
    if ((fieldValue === null || fieldValue === undefined) && field.default !== undefined) fieldValue = field.default;
    if ((fieldValue === null || fieldValue === undefined) && field.required) {
      const source = typeof field.from === 'string' ? ` (raw field "${field.from}")` : '';
      throw new MappingApplicationError(`${mapping.version} ${output.role}: required "${field.target}" is missing${source}`, mapping.version, field.target);
    }
    setPath(value, field.target, fieldValue ?? null);
  }
  for (const target of output.nulls) setPath(value, target, null);
  nullEmptyGroups(value, output.fields.map((f) => f.target));
  return { value, history };
}

function conditionHolds(condition: OutputCondition, raw: RawRecord): boolean {
  const value = raw[condition.field];
  const key = typeof value === 'string' && value.trim() !== '' ? enumKey(value) : null;
  if ('in' in condition) return key !== null && condition.in.some((symbol) => enumKey(symbol) === key);
  return key === null || !condition.notIn.some((symbol) => enumKey(symbol) === key);
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
}
