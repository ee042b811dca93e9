import { deterministicUuid } from '../deterministicId.js';
import { buildGolden } from '../golden/buildGolden.js';
import { defaultGoldenConfig, type MergeStrategyName } from '../golden/goldenConfig.js';
import type { MatchModel } from '../scoring/matchModel.js';
import { batchResolve } from './batchResolve.js';
import { toPartyRecord, type LooseRecord } from './toPartyRecord.js';

/** The seed's POST /reconcile body. */
export interface ReconciliationRequest {
  tenant_id?: string;
  source_data: LooseRecord[];
  confidence_threshold?: number;
  review_threshold?: number;
  merge_strategy?: MergeStrategyName;
  source_priority?: string[];
  model?: MatchModel;
}

/** The seed's response, field names unchanged. */
export interface ReconciliationResponse {
  reconciliation_id: string;
  total_records: number;
  matches_found: number;
  duplicates_removed: number;
  /** Probability of every MATCH pair, best first. */
  confidence_scores: number[];
  /** One golden record per entity, with its member ids and field provenance. */
  merged_records: LooseRecord[];
  /** Seconds spent, measured with the injected clock. */
  execution_time: number;
}

/** `clock` is injected so the function stays deterministic under test; the API passes performance.now. */
export function reconcile(
  request: ReconciliationRequest,
  clock: () => number = () => 0,
): ReconciliationResponse {
  const started = clock();
  const tenant = request.tenant_id ?? 'default';
  const records = request.source_data.map((r, i) => toPartyRecord(r, i, tenant));
  const threshold = request.confidence_threshold ?? 0.8;
  const { pairs, clusters } = batchResolve(records, {
    ...(request.model ? { model: request.model } : {}),
    decision: { confidence_threshold: threshold, review_threshold: Math.min(request.review_threshold ?? 0.5, threshold) },
  });
  const matches = pairs.filter((p) => p.decision === 'MATCH');
  const golden = {
    ...defaultGoldenConfig,
    default_strategy: request.merge_strategy ?? defaultGoldenConfig.default_strategy,
    source_priority: request.source_priority ?? defaultGoldenConfig.source_priority,
  };
  const merged_records = clusters.map((c) => {
    const members = c.map((i) => records[i]!);
    const { golden: fields, provenance } = buildGolden(members, golden);
    return { ...fields, member_ids: members.map((m) => m.party_key), provenance };
  });
  return {
    reconciliation_id: deterministicUuid('reconcile', tenant, JSON.stringify(request.source_data), String(threshold)),
    total_records: records.length,
    matches_found: matches.length,
    duplicates_removed: records.length - clusters.length,
    confidence_scores: matches.map((p) => p.probability).sort((a, b) => b - a),
    merged_records,
    execution_time: (clock() - started) / 1000,
  };
}
