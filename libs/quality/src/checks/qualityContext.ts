/**
 * What a check may consult besides the record. All of it is read-only and synchronous: the app prefetches
 * what it needs (STYLE: handlers do no I/O), and a lookup it does not give makes the checks that need it skip.
 */
export interface QualityLookups {
  /** Whether a record of `entity` with this id is known (for `reference` checks). */
  exists?(entity: string, id: string): boolean;
  /**
   * Whether this duplicate key was already seen in the current window (for `duplicate` checks). The key is
   * `JSON.stringify([entity, ...values])`. The app decides the window and remembers keys; a redelivered
   * record must not count as its own duplicate, so the app keys its memory by event id too.
   */
  seen?(key: string): boolean;
}

export interface QualityContext {
  /** Evaluation instant (epoch ms): freshness is measured against it, never against the wall clock. */
  readonly now: number;
  readonly lookups?: QualityLookups;
  /** Turns a personal value into what an issue may carry (ciphertext, hash); without it pii values are dropped. */
  readonly protect?: (field: string, value: unknown) => string | null;
}

/** The key `seen` receives for a duplicate check. */
export function duplicateKey(entity: string, values: readonly unknown[]): string {
  return JSON.stringify([entity, ...values.map((v) => (typeof v === 'bigint' ? v.toString() : v))]);
}
