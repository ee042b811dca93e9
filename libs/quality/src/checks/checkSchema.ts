import { z } from 'zod';
import { DURATION_PATTERN } from '../duration.js';
import { FORMATS } from '../formats/formats.js';

/**
 * The shape of `config/checks/<entity>.yaml`, validated at load. Per-record checks carry a `severity`
 * (warn | fail); any check may also carry `window` thresholds on the share (`"5%"`) or number (`3`) of records
 * failing it in a window, like Soda's `missing_percent(email) < 5%`. A check with only `window` thresholds is
 * aggregate-only: it never fails a single record.
 */
export const severity = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['warn', 'fail']));
// A count breaches from that many failing records on, so it starts at 1 (0 would always breach).
const threshold = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(?:\.\d+)?%$/, 'expected a percentage like "5%" or a count'),
]);
export const windowThresholds = z
  .strictObject({ warn: threshold.optional(), fail: threshold.optional() })
  .refine((w) => w.warn !== undefined || w.fail !== undefined, 'window needs warn and/or fail');
export const duration = z.string().regex(DURATION_PATTERN, 'expected a duration like "90s", "15m", "24h", "7d"');
const path = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'expected a field path like address.postcode');

const common = {
  name: z.string().min(1).optional(),
  severity: severity.optional(),
  window: windowThresholds.optional(),
  weight: z.number().positive().optional(),
  /** Personal field: the issue never carries the plaintext value. */
  pii: z.boolean().optional(),
  /** Applies only to records where this expression holds (like a Soda filter), e.g. party_type == 'PERSON'. */
  when: z.string().min(1).optional(),
  description: z.string().optional(),
};

const regexSource = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const checkSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('missing'), field: path, ...common }),
  z.strictObject({
    type: z.literal('invalid'),
    field: path,
    format: z.enum(FORMATS),
    /** For `postcode`: where the record's ISO country is, or a fixed country. */
    country_field: path.optional(),
    country: z.string().length(2).optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal('allowed_values'),
    field: path,
    values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    ...common,
  }),
  z
    .strictObject({ type: z.literal('range'), field: path, min: z.number().optional(), max: z.number().optional(), ...common })
    .refine((c) => c.min !== undefined || c.max !== undefined, 'range needs min and/or max')
    .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'min is greater than max'),
  z.strictObject({ type: z.literal('regex'), field: path, pattern: regexSource, ...common }),
  z.strictObject({ type: z.literal('consistency'), expression: z.string().min(1), ...common, name: z.string().min(1) }),
  z.strictObject({ type: z.literal('reference'), field: path, entity: z.string().min(1), ...common }),
  z.strictObject({ type: z.literal('duplicate'), fields: z.array(path).min(1), ...common }),
  z
    .strictObject({
      type: z.literal('freshness'),
      field: path.default('envelope.event_time'),
      warn_after: duration.optional(),
      fail_after: duration.optional(),
      ...common,
    })
    .refine((c) => c.warn_after !== undefined || c.fail_after !== undefined, 'freshness needs warn_after and/or fail_after'),
]);

export const checksFileSchema = z.strictObject({
  entity: z.string().min(1),
  description: z.string().optional(),
  /** Field paths the issue dimensions are read from; the first present one wins. */
  dimensions: z
    .strictObject({
      source: z.array(path).optional(),
      region: z.array(path).optional(),
      segment: z.array(path).optional(),
    })
    .optional(),
  checks: z.array(z.unknown()).min(1),
});

export type CheckSpec = z.infer<typeof checkSpecSchema>;
export type CheckType = CheckSpec['type'];
export type ChecksFileSpec = z.infer<typeof checksFileSchema>;
