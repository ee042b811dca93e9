import { invalid, valid, type RuleResult } from './ruleResult.js';

export interface EnumOptions {
  /** Source spelling → canonical symbol. Keys are compared after `enumKey` (case, spaces and dashes ignored). */
  map?: Record<string, string>;
  /** Canonical symbols accepted as they are (after `enumKey`). */
  allow?: readonly string[];
  /** Symbol for values found in neither; without it they are invalid. */
  fallback?: string;
}

/** "in progress", "In-Progress", " IN_PROGRESS " → "IN_PROGRESS": Avro enum symbols are UPPER_SNAKE. */
export function enumKey(text: string): string {
  return text.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/**
 * Maps a source status/category to a canonical enum symbol through a table from the mapping file
 * (ERP "OPEN" → party "ACTIVE"). Unknown values are invalid rather than passed on: an Avro enum would
 * refuse them at encode time anyway, far from the field that caused it.
 */
export function mapEnum(input: unknown, options: EnumOptions): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('enum', 'not_a_string');
  if (input.trim() === '') return valid('enum', null, true);
  const key = enumKey(input);
  const mapped = Object.entries(options.map ?? {}).find(([from]) => enumKey(from) === key)?.[1]
    ?? (options.allow ?? []).find((symbol) => enumKey(symbol) === key)
    ?? options.fallback;
  if (mapped === undefined) return invalid('enum', 'enum_unknown_value');
  return valid('enum', mapped, mapped !== input);
}
