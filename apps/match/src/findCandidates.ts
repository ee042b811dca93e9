import { capBlock, type BlockingConfig, type BlockMember } from '@rivulet/matching';
import type { Knex } from 'knex';
import type { BlockIndexEntry } from './blockIndex.js';

/**
 * Party keys of the stored records that share a block with the probe, capped per block exactly as the
 * batch blocker does (capBlock: whole block up to maxBlockSize, else the sorted-neighbourhood window).
 */
export async function findCandidates(
  tx: Knex.Transaction,
  tenant: string,
  probe: { partyKey: string; sortKey: string; entries: readonly BlockIndexEntry[] },
  blocking: Pick<BlockingConfig, 'maxBlockSize' | 'window'>,
): Promise<string[]> {
  if (probe.entries.length === 0) return [];
  const rows = (await tx('match_block_keys')
    .where({ tenant_id: tenant })
    .whereIn('block_key', probe.entries.map((e) => e.blockKey))
    .select('block_key', 'party_key', 'sort_key')) as { block_key: string; party_key: string; sort_key: string }[];
  const blocks = new Map<string, BlockMember[]>();
  for (const r of rows) {
    const list = blocks.get(r.block_key) ?? [];
    list.push({ key: r.party_key, sortKey: r.sort_key });
    blocks.set(r.block_key, list);
  }
  const out = new Set<string>();
  for (const members of blocks.values()) {
    for (const key of capBlock(members, { key: probe.partyKey, sortKey: probe.sortKey }, blocking)) out.add(key);
  }
  return [...out].sort();
}
