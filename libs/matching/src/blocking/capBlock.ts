import { defaultBlockingConfig, type BlockingConfig } from './blockingKeys.js';

export interface BlockMember {
  /** memberKey of the stored record. */
  readonly key: string;
  readonly sortKey: string;
}

/**
 * Streaming counterpart of candidatePairs for one block: given the members already stored under a blocking
 * key (e.g. a PostgreSQL table blocking_key → member), which of them the new record is compared with.
 * Same rule as the batch: all of them up to maxBlockSize, otherwise the `window` neighbours on either side
 * of the probe's position in sortKey order, so a popular key ("smith") costs a bounded number of comparisons.
 */
export function capBlock(
  members: readonly BlockMember[],
  probe: BlockMember,
  config: Pick<BlockingConfig, 'maxBlockSize' | 'window'> = defaultBlockingConfig,
): string[] {
  const others = members.filter((m) => m.key !== probe.key);
  if (others.length < config.maxBlockSize) return others.map((m) => m.key);
  const sorted = [...others].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.sortKey < probe.sortKey) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(Math.max(0, lo - config.window), lo + config.window).map((m) => m.key);
}
