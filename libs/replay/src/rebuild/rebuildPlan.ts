import { createHash } from 'node:crypto';
import { CHECKSUMMED_TABLES } from '@rivulet/projections';
import type { EndOffsets } from './replayJobs.js';

/** The projected tables a rebuild swaps, and the API-written columns carried over from live. */
export const SWAPPED_TABLES: readonly string[] = CHECKSUMMED_TABLES.map((t) => t.table);
export const CARRY_OVER = [
  { table: 'alerts', key: ['tenant_id', 'alert_id'], columns: ['acknowledged', 'acknowledged_at', 'acknowledged_by'] },
] as const;

export interface RebuildPlan {
  id: string;
  /** The tenant whose rows are rebuilt; null: every tenant (a platform-wide rebuild, CLI only). */
  tenant: string | null;
  projection: string;
  liveSchema: string;
  shadowSchema: string;
  retiredSchema: string;
  groupId: string;
  topics: string[];
  endOffsets: EndOffsets;
  total: number;
  tables: readonly string[];
}

/**
 * Names of a new rebuild from its start time: shadow schema `rebuild_<utc yyyymmddhhmmssSSS>` (milliseconds: a second rebuild can
 * start within the second the first one finished in; plus
 * `_t<hash of the tenant>` for a tenant's rebuild, so two tenants starting in the same second do not
 * collide and the schema name reveals no tenant), the replaced tables later go to `<shadow>_previous`, and
 * the shadow projector consumes as its own group (it must not share offsets with the live projector).
 */
export function planRebuild(input: { projection: string; liveSchema: string; topics: readonly string[]; endOffsets: EndOffsets; now: Date; tenant?: string | null }): RebuildPlan {
  const tenant = input.tenant ?? null;
  const suffix = tenant === null ? '' : `_t${createHash('sha256').update(tenant).digest('hex').slice(0, 10)}`;
  const id = `rebuild_${input.now.toISOString().replace(/[-:T.]/g, '').slice(0, 17)}${suffix}`;
  let total = 0;
  for (const partitions of Object.values(input.endOffsets)) for (const o of Object.values(partitions)) total += Number(o);
  return {
    id,
    tenant,
    projection: input.projection,
    liveSchema: input.liveSchema,
    shadowSchema: id,
    retiredSchema: `${id}_previous`,
    groupId: `rivulet.replay.${input.projection}.${id}`,
    topics: [...input.topics],
    endOffsets: input.endOffsets,
    total,
    tables: SWAPPED_TABLES,
  };
}

/** Human-readable summary of a plan (what `--dry-run` prints). */
export function describeRebuildPlan(plan: RebuildPlan, resuming: boolean): string[] {
  if (plan.tenant !== null) {
    return [
      `${resuming ? 'resume' : 'start'} rebuild ${plan.id} of tenant ${plan.tenant}'s rows in projection "${plan.projection}"`,
      `  1. migrate shadow schema ${plan.shadowSchema} (latest migrations)`,
      `  2. project ${plan.topics.length} topic(s) from offset 0 as consumer group ${plan.groupId} into ${plan.shadowSchema}, keeping only tenant ${plan.tenant}'s events, up to the end offsets captured now (${plan.total} offsets)`,
      `  3. swap in one transaction: tenant ${plan.tenant}'s rows of ${plan.tables.length} tables in ${plan.liveSchema} replaced by the shadow's; alert acknowledgements carried over; other tenants' rows and the live checkpoints untouched`,
      `  4. drop ${plan.shadowSchema} and the group`,
    ];
  }
  return [
    `${resuming ? 'resume' : 'start'} rebuild ${plan.id} of projection "${plan.projection}"`,
    `  1. migrate shadow schema ${plan.shadowSchema} (latest migrations)`,
    `  2. project ${plan.topics.length} topic(s) from offset 0 as consumer group ${plan.groupId} into ${plan.shadowSchema}, up to the end offsets captured now (${plan.total} offsets)`,
    `  3. swap in one transaction: ${plan.tables.length} tables ${plan.liveSchema} → ${plan.retiredSchema}, ${plan.shadowSchema} → ${plan.liveSchema}; alert acknowledgements carried over; checkpoints of "${plan.projection}" replaced`,
    `  4. drop ${plan.shadowSchema} (leftovers) and the group; keep ${plan.retiredSchema} (drop it with: drop schema ${plan.retiredSchema} cascade)`,
  ];
}
