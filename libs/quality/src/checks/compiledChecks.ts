import type { Expr } from '../expression/parseExpression.js';
import type { CheckSpec } from './checkSchema.js';

export type Severity = 'WARN' | 'FAIL';

/** A window threshold: a share of the window's records (0..1) or a number of records. */
export type Threshold = { unit: 'percent'; value: number } | { unit: 'count'; value: number };

/** One check, validated and ready to run (expressions parsed, patterns compiled, durations in ms). */
export interface CompiledCheck {
  readonly name: string;
  readonly type: CheckSpec['type'];
  /** The field the issue is about (first field for duplicates and expressions); null when none. */
  readonly field: string | null;
  /** Every field the check reads. */
  readonly fields: readonly string[];
  /** Per-record severity; undefined for aggregate-only checks. Freshness derives it from its ages. */
  readonly severity: Severity | undefined;
  readonly window: { warn?: Threshold; fail?: Threshold } | undefined;
  readonly weight: number;
  readonly pii: boolean;
  /** Human-readable expectation, for the issue's `expected`. */
  readonly expected: string;
  readonly spec: CheckSpec;
  readonly expression?: Expr;
  readonly when?: Expr;
  readonly pattern?: RegExp;
  readonly warnAfterMs?: number;
  readonly failAfterMs?: number;
}

export interface CompiledChecks {
  readonly entity: string;
  /** Where the file came from, for messages. */
  readonly file: string;
  readonly dimensions: { source: readonly string[]; region: readonly string[]; segment: readonly string[] };
  readonly checks: readonly CompiledCheck[];
}

/** Where issue dimensions are read when the file does not say: canonical first, then raw layouts. */
export const DEFAULT_DIMENSIONS = {
  source: ['source_record.source_system', 'envelope.source_system', 'source_system'],
  region: ['region', 'address.region'],
  segment: ['segment'],
} as const;
