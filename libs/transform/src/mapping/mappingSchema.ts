import { z } from 'zod';

/** A canonical field path: `email`, or `address.country_code` for a field of a nested record. */
const targetPath = z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/, 'snake_case field path, dots for nesting');

/** `["phone", {"defaultCountry": "GB"}]` or `["email"]`: a rule name and its parameters. */
const ruleRef = z.union([z.tuple([z.string()]), z.tuple([z.string(), z.record(z.string(), z.unknown())])]);

export const fieldMappingSchema = z.object({
  target: targetPath,
  /** A raw field name, or an object of raw field names handed to the rules as one value (`money`). */
  from: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]).optional(),
  /** A constant value (`"PERSON"`, `null`). */
  const: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  /** Text with `{raw_field}` placeholders, e.g. `"crm:customer:{customer_id}"`. */
  template: z.string().optional(),
  rules: z.array(ruleRef).default([]),
  /**
   * Value when the result is null (missing, or invalid with onInvalid "null"). For required text fields a
   * source may leave blank ("" keeps the record flowing so quality can flag it, instead of a dead letter).
   */
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** The canonical field is not nullable: a missing or invalid value makes the mapping fail for the record. */
  required: z.boolean().default(false),
  /**
   * What an invalid value becomes: "null" (default for optional fields), "keep" (the value as it was before
   * the failing rule, for required text fields where a bad value is better than a lost record), or "error".
   * Every invalid value is also reported in `invalid` whatever this says.
   */
  onInvalid: z.enum(['null', 'keep', 'error']).optional(),
}).strict().refine(
  (f) => [f.from, f.const, f.template].filter((x) => x !== undefined).length === 1 || (f.const === null && f.from === undefined && f.template === undefined),
  'a field takes exactly one of "from", "const", "template"',
);

/**
 * A condition on one raw field, compared as enum symbols (case, spaces and dashes ignored): `in` holds when
 * the value is one of the list, `notIn` when it is missing or none of them.
 */
export const outputConditionSchema = z.union([
  z.object({ field: z.string().min(1), in: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ field: z.string().min(1), notIn: z.array(z.string().min(1)).min(1) }).strict(),
]);

export const outputMappingSchema = z.object({
  /** Canonical event name (schema name in schemas/avro/canonical). */
  event: z.string().regex(/^[A-Z][A-Za-z]+$/),
  /** Distinguishes several outputs of one raw record (account / account_contact); part of the event id. */
  role: z.string().regex(/^[a-z_]+$/),
  /** Canonical field whose value is the output's record key (the Kafka key after "<tenant>/"). */
  key: targetPath,
  /** Emit only when at least one of these raw fields holds a value (an ERP account without a contact). */
  whenAnyPresent: z.array(z.string()).optional(),
  /** Emit only when this holds (an ERP consumer account is a person, a business account an organisation). */
  when: outputConditionSchema.optional(),
  /** Canonical fields this source never has: set to null. */
  nulls: z.array(targetPath).default([]),
  fields: z.array(fieldMappingSchema).min(1),
}).strict();

export const mappingSchema = z.object({
  $schema: z.string().optional(),
  /** `<source>.<entity>@<n>`, bumped on any change that alters output; recorded in envelope.lineage.mapping_version. */
  version: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*@\d+$/, 'version must look like "crm.customer@1"'),
  source: z.string().regex(/^[a-z][a-z0-9_]*$/),
  entity: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Raw field holding the source record id. */
  recordId: z.string(),
  description: z.string().optional(),
  outputs: z.array(outputMappingSchema).min(1),
}).strict()
  .refine((m) => m.version.startsWith(`${m.source}.${m.entity}@`), { message: 'version must start with "<source>.<entity>@"', path: ['version'] })
  .refine((m) => new Set(m.outputs.map((o) => o.role)).size === m.outputs.length, { message: 'output roles must be unique', path: ['outputs'] });

export type MappingDefinition = z.infer<typeof mappingSchema>;
export type OutputMapping = z.infer<typeof outputMappingSchema>;
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type OutputCondition = z.infer<typeof outputConditionSchema>;
