import type { PreparedRecord } from '../prepareRecord.js';
import { classify, defaultDecisionConfig, type DecisionConfig, type PairDecision } from './classify.js';
import { compareRecords, defaultCompareOptions, type CompareOptions } from './compareRecords.js';
import { matchedFields, type ComparisonVector } from './comparisonFields.js';
import type { MatchModel } from './matchModel.js';
import { scoreVector } from './scoreVector.js';

export interface ScoredPair {
  weight: number;
  probability: number;
  decision: PairDecision;
  vector: ComparisonVector;
  matchedFields: string[];
}

/**
 * Compares and scores two records. Records of different tenants, and a person against an organisation
 * (an ERP account and its contact share company name and address but are different parties), are a
 * non-match by construction (probability 0), even if a caller bypassed blocking.
 */
export function scorePair(
  a: PreparedRecord,
  b: PreparedRecord,
  model: MatchModel,
  config: DecisionConfig = defaultDecisionConfig,
  compare: CompareOptions = defaultCompareOptions,
): ScoredPair {
  const vector = compareRecords(a, b, compare);
  if (a.tenant !== b.tenant || a.record.party_type !== b.record.party_type) {
    return { weight: -Infinity, probability: 0, decision: 'NON_MATCH', vector, matchedFields: [] };
  }
  const { weight, probability } = scoreVector(vector, model);
  return { weight, probability, decision: classify(probability, config), vector, matchedFields: matchedFields(vector) };
}
