import { getField, isMissing } from '../fieldPath.js';

export interface CompletenessRequest {
  data: readonly Record<string, unknown>[];
  /** Fields to measure (dotted paths); default: every top-level field seen in the data. */
  fields?: readonly string[];
  /** Share of present values a field needs to count as complete (default 0.95). */
  threshold?: number;
}

export interface FieldCompleteness {
  present: number;
  missing: number;
  completeness: number;
  complete: boolean;
}

export interface CompletenessResponse {
  total_records: number;
  overall_completeness: number;
  fields: Record<string, FieldCompleteness>;
  incomplete_fields: string[];
  /** Indices of records missing at least one measured field. */
  incomplete_records: number[];
  status: 'PASS' | 'FAIL';
}

/** The seed's `POST /check-completeness`: per-field and overall share of present values (null, blank and [] are missing). */
export function checkCompleteness(request: CompletenessRequest): CompletenessResponse {
  const threshold = request.threshold ?? 0.95;
  const fields = request.fields ?? [...new Set(request.data.flatMap((r) => Object.keys(r)))];
  const n = request.data.length;
  const out: Record<string, FieldCompleteness> = {};
  const incompleteRecords = new Set<number>();
  let presentTotal = 0;
  for (const f of fields) {
    let present = 0;
    request.data.forEach((r, i) => (isMissing(getField(r, f)) ? incompleteRecords.add(i) : present++));
    presentTotal += present;
    const completeness = n === 0 ? 1 : present / n;
    out[f] = { present, missing: n - present, completeness, complete: completeness >= threshold };
  }
  const incompleteFields = fields.filter((f) => !out[f]?.complete);
  return {
    total_records: n,
    overall_completeness: n === 0 || fields.length === 0 ? 1 : presentTotal / (n * fields.length),
    fields: out,
    incomplete_fields: incompleteFields,
    incomplete_records: [...incompleteRecords].sort((a, b) => a - b),
    status: incompleteFields.length === 0 ? 'PASS' : 'FAIL',
  };
}
