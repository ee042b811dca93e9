import { z } from 'zod';
import { MappingDefinitionError } from '../transformError.js';
import { normalizeDate } from './calendarDate.js';
import { normalizeCountry } from './country.js';
import { normalizeCurrency } from './currency.js';
import { normalizeEmail } from './email.js';
import { mapEnum } from './enumMap.js';
import { normalizeInteger } from './integer.js';
import { matchKey } from './matchKey.js';
import { normalizeMoney } from './money.js';
import { normalizePhone } from './phone.js';
import type { RuleResult } from './ruleResult.js';
import { normalizeTimestamp } from './timestamp.js';
import { titleCaseName } from './titleCaseName.js';
import { lowerCase, normalizeWhitespace, upperCase } from './whitespace.js';
import { isValidTimeZone } from './zonedTime.js';

/** A rule with its parameters checked: what a mapping field runs, value by value. */
export type CompiledRule = (input: unknown) => RuleResult;

interface RuleDefinition {
  readonly params: z.ZodType;
  readonly apply: (input: unknown, params: never) => RuleResult;
}

const none = z.object({}).strict();
const separator = z.enum(['.', ',', 'auto']).optional();
const aliases = z.record(z.string(), z.string()).optional();

/** Every rule a mapping file may name, with the zod schema of its parameters. */
export const RULES: Readonly<Record<string, RuleDefinition>> = {
  whitespace: { params: none, apply: normalizeWhitespace },
  upper: { params: none, apply: upperCase },
  lower: { params: none, apply: lowerCase },
  title_case_name: { params: none, apply: titleCaseName },
  match_key: { params: none, apply: matchKey },
  email: { params: none, apply: normalizeEmail },
  phone: {
    params: z.object({ defaultCountry: z.string().length(2).optional(), strictness: z.enum(['possible', 'valid']).optional() }).strict(),
    apply: normalizePhone,
  },
  timestamp: {
    params: z.object({
      zone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').optional(),
      ambiguous: z.enum(['earlier', 'later', 'reject']).optional(),
      epochUnit: z.enum(['ms', 's']).optional(),
    }).strict(),
    apply: normalizeTimestamp,
  },
  date: { params: z.object({ order: z.enum(['dmy', 'mdy']).optional() }).strict(), apply: normalizeDate },
  country: { params: none, apply: normalizeCountry },
  currency: { params: z.object({ aliases }).strict(), apply: normalizeCurrency },
  money: {
    params: z.object({
      unit: z.enum(['major', 'minor']).optional(), decimalSeparator: separator, aliases, defaultCurrency: z.string().optional(),
    }).strict(),
    apply: normalizeMoney,
  },
  enum: {
    params: z.object({
      map: z.record(z.string(), z.string()).optional(), allow: z.array(z.string()).optional(), fallback: z.string().optional(),
    }).strict().refine((p) => p.map !== undefined || p.allow !== undefined, 'enum needs "map" or "allow"'),
    apply: mapEnum as (input: unknown, params: never) => RuleResult,
  },
  integer: { params: z.object({ size: z.enum(['int', 'long']).optional() }).strict(), apply: normalizeInteger },
};

/** Checks a rule name and its parameters once, at mapping load time; `where` names the place in the file. */
export function compileRule(name: string, params: unknown, where: string): CompiledRule {
  const definition = RULES[name];
  if (!definition) throw new MappingDefinitionError(`${where}: unknown rule "${name}" (known: ${Object.keys(RULES).join(', ')})`);
  const parsed = definition.params.safeParse(params ?? {});
  if (!parsed.success) throw new MappingDefinitionError(`${where}: bad parameters for rule "${name}": ${z.prettifyError(parsed.error)}`);
  const checked = parsed.data as never;
  return (input) => definition.apply(input, checked);
}
