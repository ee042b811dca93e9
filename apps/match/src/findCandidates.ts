import { addEvidence, capBlock, topCandidates, type BlockingConfig, type BlockMember } from '@rivulet/matching';
import type { Knex } from 'knex';
import type { BlockIndexEntry } from './blockIndex.js';

/**
 * Party keys of the stored records that share a block with the probe, chosen exactly as the batch blocker
 * does: per block capBlock (whole block up to maxBlockSize, else the sorted-neighbourhood window), then of
 * their union the maxCandidates with most shared evidence plus those sharing ≥ keepShared blocks
 * (candidateBudget), so comparisons per record stay flat as a tenant's blocks grow.
 */
export async function findCandidates(
  tx: Knex.Transaction,
  tenant: string,
  probe: { partyKey: string; sortKey: string; entries: readonly BlockIndexEntry[] },
  blocking: Pick<BlockingConfig, 'maxBlockSize' | 'window' | 'maxCandidates' | 'keepShared'>,
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
  const weights = new Map<string, number>();
  for (const members of blocks.values()) {
    // Block size counted with the probe, as the batch blocker sees it.
    const size = members.length + (members.some((m) => m.key === probe.partyKey) ? 0 : 1);
    for (const key of capBlock(members, { key: probe.partyKey, sortKey: probe.sortKey }, blocking)) addEvidence(weights, key, size);
  }
  return topCandidates(weights, { limit: blocking.maxCandidates, keepShared: blocking.keepShared });
}
