import { InvalidGeneratorOptionsError } from './generatorError.js';
import { DEFECT_RULES, type DefectCategory, type DefectKind } from './defectRules.js';
import type { Rng } from './prng.js';
import type { RawRecord, Topic } from './topics.js';

/** A defect code as written in the truth: `<kind>:<field>`, e.g. `invalid_email:customer_email`. */
export type DefectCode = `${DefectKind}:${string}`;

export interface DefectSpec {
  readonly code: DefectCode;
  readonly kind: DefectKind;
  readonly field: string;
  readonly category: DefectCategory;
  readonly reads: string | undefined;
}

/** Which defects each source can carry. Only fields that clean data always fills are eligible for "missing". */
const CATALOG: Record<Topic, readonly DefectCode[]> = {
  'raw.crm.customer': [
    'missing:email', 'missing:phone', 'missing:date_of_birth', 'missing:street', 'missing:city', 'missing:postcode',
    'missing:country', 'missing:region', 'missing:segment', 'empty:first_name', 'empty:last_name', 'empty:email',
    'invalid_email:email', 'invalid_phone:phone', 'invalid_date:date_of_birth', 'date_out_of_range:date_of_birth',
    'created_after_updated:created_at',
  ],
  'raw.erp.account': [
    'missing:contact_email', 'missing:contact_phone', 'missing:contact_first_name', 'missing:street', 'missing:city',
    'missing:postcode', 'missing:country', 'missing:region', 'missing:segment', 'missing:credit_limit',
    'missing:currency', 'empty:company_name', 'invalid_email:contact_email', 'invalid_phone:contact_phone',
    'invalid_vat:vat_id', 'invalid_decimal:credit_limit', 'negative_amount:credit_limit', 'absurd_amount:credit_limit',
    'created_after_updated:created_at',
  ],
  'raw.erp.order': [
    'missing:channel', 'missing:region', 'empty:currency', 'invalid_decimal:total_amount', 'invalid_currency:currency',
    'negative_amount:total_amount', 'absurd_amount:total_amount', 'outlier_count:item_count',
  ],
  'raw.billing.invoice': [
    'missing:customer_email', 'missing:billing_phone', 'missing:billing_street', 'missing:billing_city',
    'missing:billing_postcode', 'missing:billing_country', 'missing:region', 'missing:segment', 'empty:customer_name',
    'empty:customer_email', 'invalid_email:customer_email', 'invalid_phone:billing_phone', 'invalid_currency:currency',
    'negative_amount:amount_due_minor', 'absurd_amount:amount_due_minor', 'paid_before_issued:paid_at',
    'overpaid:amount_paid_minor', 'due_before_issued:due_at',
  ],
  'raw.billing.payment': [
    'empty:currency', 'invalid_currency:currency', 'negative_amount:amount_minor', 'absurd_amount:amount_minor',
  ],
  'raw.cdr.call': [
    'missing:cell_id', 'missing:region', 'invalid_phone:calling_number', 'invalid_phone:called_number',
    'negative_duration:duration_seconds', 'outlier_duration:duration_seconds', 'outlier_bytes:bytes_used',
  ],
  'raw.oss.network_event': [
    'missing:description', 'empty:element_id', 'empty:event_type', 'cleared_before_occurred:cleared_at',
  ],
  'raw.oss.ticket': ['missing:region', 'missing:description', 'resolved_before_opened:resolved_at'],
};

export function parseDefectCode(code: string): DefectSpec {
  const at = code.indexOf(':');
  const kind = code.slice(0, at) as DefectKind;
  const field = code.slice(at + 1);
  const rule = DEFECT_RULES[kind];
  if (at < 1 || !rule || !field) throw new InvalidGeneratorOptionsError(`bad defect code "${code}"; expected <kind>:<field>`);
  return { code: code as DefectCode, kind, field, category: rule.category, reads: 'reads' in rule ? rule.reads : undefined };
}

export const DEFECT_SPECS: Readonly<Record<Topic, readonly DefectSpec[]>> = Object.fromEntries(
  Object.entries(CATALOG).map(([topic, codes]) => [topic, codes.map(parseDefectCode)]),
) as unknown as Record<Topic, readonly DefectSpec[]>;

/** Whether the record really carries the defect the code names (the truth's definition of that code). */
export function isDefectPresent(record: RawRecord, code: string): boolean {
  const spec = parseDefectCode(code);
  return DEFECT_RULES[spec.kind].present(record, spec.field);
}

/** Plants one defect unless its field (or a field it compares with) already carries one; returns whether it did. */
export function plantDefect(record: RawRecord, spec: DefectSpec, rng: Rng, touched: Set<string>): boolean {
  if (touched.has(spec.field) || (spec.reads !== undefined && touched.has(spec.reads))) return false;
  // Rules that depend on an existing value (e.g. bytes on a data session) only apply where that value exists.
  if (record[spec.field] === null && spec.kind !== 'missing' && !spec.kind.includes('_before_')) return false;
  DEFECT_RULES[spec.kind].apply(record, spec.field, rng);
  touched.add(spec.field);
  if (spec.reads !== undefined) touched.add(spec.reads);
  return true;
}
