/**
 * What every normalisation rule returns. A valid result says whether the rule changed its input, so the
 * engine records history only for real changes; an invalid one carries a short machine-friendly reason
 * (`email_missing_domain`), so quality can count invalids by reason. Rules never throw on bad data.
 */
export type RuleResult<T = unknown> = RuleValue<T> | RuleInvalid;

export interface RuleValue<T> {
  readonly ok: true;
  readonly value: T;
  readonly changed: boolean;
  readonly rule: string;
  /** How to show the value in history when `String(value)` would not be readable (timestamps as ISO-8601). */
  readonly shown?: string;
}

export interface RuleInvalid {
  readonly ok: false;
  readonly invalid: string;
  readonly rule: string;
}

export const valid = <T>(rule: string, value: T, changed: boolean, shown?: string): RuleValue<T> =>
  shown === undefined ? { ok: true, value, changed, rule } : { ok: true, value, changed, rule, shown };

export const invalid = (rule: string, reason: string): RuleInvalid => ({ ok: false, invalid: reason, rule });

export const isInvalid = (result: RuleResult): result is RuleInvalid => !result.ok;
