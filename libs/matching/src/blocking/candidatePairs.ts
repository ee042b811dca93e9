import type { PreparedRecord } from '../prepareRecord.js';
import { blockingKeys, defaultBlockingConfig, type BlockingConfig } from './blockingKeys.js';
import { addEvidence, topCandidates } from './candidateBudget.js';

/**
 * Candidate pairs of a batch (index pairs i < j into `records`), each pair once even when several blocks
 * propose it. Per block: up to maxBlockSize compared in full, larger ones by sorted neighbourhood (the
 * `window` records on either side in sortKey order). Per record: of the union of its blocks, only the
 * `maxCandidates` with most shared evidence plus those sharing ≥ keepShared blocks (candidateBudget), and a
 * pair is kept when either record chose the other; so comparisons per record stay flat as blocks grow.
 *
 * A generator, so a million-record batch never materialises its pairs (a JS Set holds at most 2^24 items).
 */
export function* candidatePairs(
  records: readonly PreparedRecord[],
  config: BlockingConfig = defaultBlockingConfig,
): Generator<[number, number]> {
  // Blocks as numeric ids, so memberships cost an int per key instead of a string.
  const blockIds = new Map<string, number>();
  const blocks: number[][] = [];
  const memberships: number[][] = records.map((r, i) =>
    [...new Set(blockingKeys(r, config))].map((key) => {
      let id = blockIds.get(key);
      if (id === undefined) {
        id = blocks.length;
        blockIds.set(key, id);
        blocks.push([]);
      }
      blocks[id]!.push(i);
      return id;
    }),
  );
  blockIds.clear();

  // Position of each record inside every oversized block it belongs to.
  const positions = new Map<number, Map<number, number>>();
  blocks.forEach((block, id) => {
    if (block.length <= config.maxBlockSize) return;
    block.sort((a, b) => compareKeys(records[a]!.sortKey, records[b]!.sortKey));
    positions.set(id, new Map(block.map((i, pos) => [i, pos])));
  });

  // Each record's chosen candidates (both directions), sorted, so a pair chosen by both is emitted once.
  const chosen: Int32Array[] = records.map((_, i) => {
    const weights = new Map<number, number>();
    for (const id of memberships[i]!) {
      const block = blocks[id]!;
      const pos = positions.get(id)?.get(i);
      const lo = pos === undefined ? 0 : Math.max(0, pos - config.window);
      const hi = pos === undefined ? block.length - 1 : Math.min(block.length - 1, pos + config.window);
      for (let p = lo; p <= hi; p++) if (block[p] !== i) addEvidence(weights, block[p]!, block.length);
    }
    return Int32Array.from(topCandidates(weights, { limit: config.maxCandidates, keepShared: config.keepShared }));
  });

  for (let i = 0; i < records.length; i++) {
    for (const j of chosen[i]!) {
      if (j > i) yield [i, j];
      else if (!contains(chosen[j]!, i)) yield [j, i];
    }
  }
}

function contains(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === x) return true;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
