/**
 * The fields of the Fellegi-Sunter model and their comparison levels, lowest agreement first. A level is
 * an index into m/u; `null` in a comparison vector means "missing on either side" and contributes no
 * evidence (weight 0), the usual Fellegi-Sunter treatment of nulls.
 */
export const COMPARISON_FIELDS = [
  { name: 'given_name', levels: ['different', 'jaro_winkler_0.80', 'jaro_winkler_0.92', 'exact_or_nickname'] },
  { name: 'family_name', levels: ['different', 'jaro_winkler_0.80', 'jaro_winkler_0.92', 'exact'] },
  { name: 'date_of_birth', levels: ['different', 'one_edit_or_day_month_swap', 'exact'] },
  { name: 'email', levels: ['different', 'damerau_2_or_same_local_part', 'exact'] },
  { name: 'phone', levels: ['different', 'last_7_digits_or_one_edit', 'exact'] },
  { name: 'postcode', levels: ['different', 'one_edit', 'exact'] },
  { name: 'street', levels: ['different', 'monge_elkan_0.75', 'monge_elkan_0.90', 'same_tokens'] },
  { name: 'city', levels: ['different', 'jaro_winkler_0.85', 'exact'] },
  { name: 'organization', levels: ['different', 'monge_elkan_0.85', 'same_tokens'] },
] as const;

export type ComparisonField = (typeof COMPARISON_FIELDS)[number]['name'];

/** One level index per COMPARISON_FIELDS entry, in that order; null = missing. */
export type ComparisonVector = (number | null)[];

/** The top level of each field counts as "agreed" in matched_fields of a decision. */
export function matchedFields(vector: ComparisonVector): string[] {
  const out: string[] = [];
  COMPARISON_FIELDS.forEach((f, i) => {
    const level = vector[i];
    if (level != null && level === f.levels.length - 1) out.push(f.name);
  });
  return out;
}
