export type PairDecision = 'MATCH' | 'REVIEW' | 'NON_MATCH';

export interface DecisionConfig {
  /** Probability at or above which two records are merged automatically (the seed's default 0.8). */
  confidence_threshold: number;
  /** Lower edge of the review band [review_threshold, confidence_threshold). */
  review_threshold: number;
}

export const defaultDecisionConfig: DecisionConfig = { confidence_threshold: 0.8, review_threshold: 0.5 };

export function classify(probability: number, config: DecisionConfig = defaultDecisionConfig): PairDecision {
  if (probability >= config.confidence_threshold) return 'MATCH';
  if (probability >= config.review_threshold) return 'REVIEW';
  return 'NON_MATCH';
}
