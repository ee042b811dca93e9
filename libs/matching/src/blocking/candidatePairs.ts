import type { PreparedRecord } from '../prepareRecord.js';
import { blockingKeys, defaultBlockingConfig, type BlockingConfig } from './blockingKeys.js';

/**
 * Candidate pairs of a batch (index pairs i < j into `records`), each pair once even when several blocks
 * propose it. Blocks up to maxBlockSize are compared in full; larger ones by sorted neighbourhood (each
 * record against the `window` records after it in sortKey order), which bounds comparisons per record by
 * roughly keys × 2 × window.
 *
 * A generator, so a million-record batch never materialises its pairs (a JS Set holds at most 2^24 items).
 */
export function* candidatePairs(
  records: readonly PreparedRecord[],
  config: BlockingConfig = defaultBlockingConfig,
): Generator<[number, number]> {
  const blocks = new Map<string, number[]>();
  const memberships: string[][] = records.map((r, i) => {
    const keys = blockingKeys(r, config);
    for (const key of keys) {
      const block = blocks.get(key);
      if (block) block.push(i);
      else blocks.set(key, [i]);
    }
    return keys;
  });

  // Position of each record inside every oversized block it belongs to.
  const positions = new Map<string, Map<number, number>>();
  for (const [key, block] of blocks) {
    if (block.length <= config.maxBlockSize) continue;
    block.sort((a, b) => compareKeys(records[a]!.sortKey, records[b]!.sortKey));
    positions.set(key, new Map(block.map((i, pos) => [i, pos])));
  }

  for (let i = 0; i < records.length; i++) {
    const seen = new Set<number>();
    for (const key of memberships[i]!) {
      const block = blocks.get(key)!;
      const pos = positions.get(key)?.get(i);
      if (pos === undefined) {
        for (const j of block) if (j > i && !seen.has(j)) seen.add(j);
      } else {
        const lo = Math.max(0, pos - config.window);
        const hi = Math.min(block.length - 1, pos + config.window);
        for (let p = lo; p <= hi; p++) {
          const j = block[p]!;
          if (j > i && !seen.has(j)) seen.add(j);
        }
      }
    }
    for (const j of seen) yield [i, j];
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
