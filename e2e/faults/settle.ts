/**
 * How long the pipeline may take to drain after the feed, and each read-model wait: FAULT_SETTLE_MS, else
 * 40 ms per generator record and at least 10 minutes. The test waits with it and vitest's timeout is
 * derived from it, so both read it here (no imports: the vitest config loads this file too).
 */
export function faultSettleMs(env: NodeJS.ProcessEnv): number {
  return Number(env.FAULT_SETTLE_MS ?? Math.max(600_000, Number(env.FAULT_RECORDS ?? 3_000) * 40));
}
