import { candidatePairs } from '../blocking/candidatePairs.js';
import { connectedComponents } from '../clustering/connectedComponents.js';
import type { PartyRecord } from '../partyRecord.js';
import { prepareRecord } from '../prepareRecord.js';
import { defaultDecisionConfig, type DecisionConfig } from '../scoring/classify.js';
import { estimateModel } from '../scoring/estimateModel.js';
import { defaultModel, type MatchModel } from '../scoring/matchModel.js';
import { scorePair, type ScoredPair } from '../scoring/scorePair.js';
import { compareRecords } from '../scoring/compareRecords.js';

export interface BatchPair extends ScoredPair {
  a: number;
  b: number;
}

export interface BatchResult {
  model: MatchModel;
  pairs: BatchPair[];
  /** Record indices per cluster (MATCH edges only), deterministic order. */
  clusters: number[][];
}

/** Below this many candidate pairs EM has too little to learn from; the configured model is used as is. */
export const MIN_PAIRS_FOR_EM = 500;

/** One-shot dedupe of a batch: block, (EM when the batch is big enough), score, cluster MATCH pairs. */
export function batchResolve(
  records: readonly PartyRecord[],
  options: { model?: MatchModel; decision?: DecisionConfig } = {},
): BatchResult {
  const decision = options.decision ?? defaultDecisionConfig;
  const prepared = records.map(prepareRecord);
  const candidates = [...candidatePairs(prepared)];
  let model = options.model ?? defaultModel();
  if (!options.model && candidates.length >= MIN_PAIRS_FOR_EM) {
    model = estimateModel(candidates.map(([a, b]) => compareRecords(prepared[a]!, prepared[b]!)), model).model;
  }
  const pairs = candidates.map(([a, b]) => ({ a, b, ...scorePair(prepared[a]!, prepared[b]!, model, decision) }));
  const ids = records.map((_, i) => String(i).padStart(10, '0'));
  const edges = pairs.filter((p) => p.decision === 'MATCH').map((p) => [ids[p.a]!, ids[p.b]!] as const);
  const clusters = connectedComponents(ids, edges).map((c) => c.map(Number));
  return { model, pairs, clusters };
}
