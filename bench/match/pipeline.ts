import {
  candidatePairs,
  compareRecords,
  connectedComponents,
  defaultBlockingConfig,
  defaultDecisionConfig,
  defaultModel,
  estimateModel,
  prepareRecord,
  scoreVector,
  type BlockingConfig,
  type ComparisonVector,
  type MatchModel,
  type PartyRecord,
} from '@rivulet/matching';

export interface PipelineResult {
  comparisons: number;
  candidates: [number, number][];
  vectors: ComparisonVector[];
  probabilities: number[];
  model: MatchModel;
  emIterations: number;
  matchPairs: [number, number][];
  clusters: number[][];
  millis: { blocking: number; compare: number; em: number; cluster: number };
}

/** Batch dedupe: block → compare → EM → score → connected components over MATCH edges. */
export function runPipeline(
  records: readonly PartyRecord[],
  options: { blocking?: BlockingConfig; threshold?: number; model?: MatchModel } = {},
): PipelineResult {
  const threshold = options.threshold ?? defaultDecisionConfig.confidence_threshold;
  let t = performance.now();
  const prepared = records.map(prepareRecord);
  const candidates = [...candidatePairs(prepared, options.blocking ?? defaultBlockingConfig)].filter(
    // Same rule as scorePair: a person never matches an organisation.
    ([a, b]) => records[a]!.party_type === records[b]!.party_type,
  );
  const blocking = performance.now() - t;
  t = performance.now();
  const vectors = candidates.map(([a, b]) => compareRecords(prepared[a]!, prepared[b]!));
  const compare = performance.now() - t;
  t = performance.now();
  const em = options.model ? { model: options.model, iterations: 0 } : estimateModel(vectors, defaultModel());
  const emMs = performance.now() - t;
  t = performance.now();
  const probabilities = vectors.map((v) => scoreVector(v, em.model).probability);
  const matchPairs = candidates.filter((_, i) => probabilities[i]! >= threshold);
  const ids = records.map((_, i) => String(i).padStart(9, '0'));
  const clusters = connectedComponents(
    ids,
    matchPairs.map(([a, b]) => [ids[a]!, ids[b]!] as const),
  ).map((c) => c.map(Number));
  const cluster = performance.now() - t;
  return {
    comparisons: candidates.length,
    candidates,
    vectors,
    probabilities,
    model: em.model,
    emIterations: em.iterations,
    matchPairs,
    clusters,
    millis: { blocking, compare, em: emMs, cluster },
  };
}
