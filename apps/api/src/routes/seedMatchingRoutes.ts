import { z } from '@rivulet/config';
import { deduplicate, match, reconcile, validateMatches, type MatchModel } from '@rivulet/matching';
import { defineRoute } from '../http/route.js';
import { MAX_SEED_RECORDS, records } from './seedTransformRoutes.js';
import type { RouteDeps } from './common.js';

const record = z.record(z.string(), z.unknown());
const threshold = z.number().min(0).max(1);
// A Fellegi-Sunter model as the matching library serialises it; the library validates its shape.
const model = z.record(z.string(), z.unknown()).optional();

/**
 * The seed's matching endpoints. `tenant_id` in a body is ignored: records are matched as the caller's
 * tenant, so ids and keys never mix tenants.
 */
export function seedMatchingRoutes(deps: RouteDeps) {
  const common = { tag: 'seed: matching', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit } as const;
  return [
    defineRoute({
      ...common, method: 'post', path: '/reconcile',
      summary: 'Match and merge a batch of party records into golden records',
      body: z.object({
        source_data: records, confidence_threshold: threshold.optional(), review_threshold: threshold.optional(),
        merge_strategy: z.enum(['priority_based', 'most_recent', 'most_complete']).optional(), source_priority: z.array(z.string()).max(50).optional(), model,
      }),
      response: z.object({ reconciliation_id: z.string(), total_records: z.number(), matches_found: z.number(), duplicates_removed: z.number(), confidence_scores: z.array(z.number()), merged_records: z.array(record), execution_time: z.number() }),
      handler: ({ body }, ctx) => reconcile({ ...body, model: body.model as MatchModel | undefined, tenant_id: ctx.principal!.tenant }, () => performance.now()),
    }),
    defineRoute({
      ...common, method: 'post', path: '/match',
      summary: 'Score one record against candidates, best first',
      body: z.object({ record, candidates: z.array(record).max(MAX_SEED_RECORDS), confidence_threshold: threshold.optional(), model }),
      response: z.object({ matches: z.array(z.object({ candidate_index: z.number(), candidate_id: z.string(), score: z.number(), decision: z.enum(['MATCH', 'REVIEW', 'NON_MATCH']), matched_fields: z.array(z.string()) })) }),
      handler: ({ body }, ctx) => match({ ...body, model: body.model as MatchModel | undefined, tenant_id: ctx.principal!.tenant }),
    }),
    defineRoute({
      ...common, method: 'post', path: '/deduplicate',
      summary: 'Remove duplicates from a batch (keeps the first record of each cluster)',
      body: z.object({ records, confidence_threshold: threshold.optional(), model }),
      response: z.object({ total_records: z.number(), unique_records: z.array(record), duplicates: z.array(z.object({ record_index: z.number(), duplicate_of: z.number() })), duplicates_removed: z.number() }),
      handler: ({ body }, ctx) => deduplicate({ ...body, model: body.model as MatchModel | undefined, tenant_id: ctx.principal!.tenant }),
    }),
    defineRoute({
      ...common, method: 'post', path: '/validate-matches',
      summary: 'Re-score proposed pairs and flag weak ones',
      body: z.object({ matches: z.array(z.object({ record_a: record, record_b: record })).max(MAX_SEED_RECORDS), confidence_threshold: threshold.optional(), model }),
      response: z.object({ results: z.array(z.record(z.string(), z.unknown())), valid_count: z.number(), invalid_count: z.number() }),
      handler: ({ body }, ctx) => validateMatches({ ...body, model: body.model as MatchModel | undefined, tenant_id: ctx.principal!.tenant }),
    }),
  ];
}
