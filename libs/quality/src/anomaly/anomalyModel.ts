import { IsolationForest } from 'ml-isolation-forest';
import { z } from 'zod';
import { AnomalyModelError } from '../errors.js';
import { extractFeatures, type FeatureSpec } from './features.js';
import { createRandom, type SeededRandom } from './prng.js';
import { quantile } from './quantile.js';

/**
 * Persisted form of a model. ml-isolation-forest 0.1.0 has no toJSON/load and draws its splits from
 * Math.random, so we persist what rebuilds the model exactly instead of its trees: the training sample, the
 * seed and the settings. Loading retrains deterministically (same seed → same subsamples and splits → same
 * scores), which for ≤ 100 trees × 256 rows takes milliseconds. `modelVersion` lets the app keep the newest.
 */
export const anomalyModelStateSchema = z.object({
  format: z.literal('rivulet.isolation-forest'),
  formatVersion: z.literal(1),
  modelVersion: z.number().int().nonnegative(),
  source: z.string(),
  entity: z.string(),
  features: z.array(z.unknown()),
  seed: z.number().int(),
  trees: z.number().int().positive(),
  subsampleSize: z.number().int().min(2),
  contamination: z.number().gt(0).lt(0.5),
  threshold: z.number(),
  trainedAt: z.number(),
  sample: z.array(z.array(z.number())).min(8),
});
export type AnomalyModelState = Omit<z.infer<typeof anomalyModelStateSchema>, 'features'> & { features: FeatureSpec[] };

export interface TrainOptions {
  source: string;
  entity: string;
  features: readonly FeatureSpec[];
  /** Feature vectors of recent good records (e.g. a Reservoir's items). At least 8. */
  sample: readonly (readonly number[])[];
  trainedAt: number;
  modelVersion?: number;
  seed?: number;
  /** Trees in the forest (Liu et al. use 100). */
  trees?: number;
  /** Rows per tree (ψ; Liu et al. use 256: small subsamples reduce swamping and masking). */
  subsampleSize?: number;
  /** Expected share of anomalies: the score threshold is the (1 - contamination) quantile of training scores. */
  contamination?: number;
}

export interface AnomalyModel {
  readonly state: AnomalyModelState;
  /** Anomaly scores in (0, 1]; around 0.5 is ordinary, near 1 is isolated quickly (anomalous). */
  scoreVectors(rows: readonly (readonly number[])[]): number[];
  /** Score of one record, or null when its features cannot be read (no model applies). */
  scoreRecord(record: unknown): { score: number; anomalous: boolean } | null;
  toJSON(): AnomalyModelState;
}

/** Average path length of an unsuccessful BST search, c(n) (Liu et al. 2008, eq. 1), as the library computes it. */
function c(n: number): number {
  return n <= 1 ? 0 : n === 2 ? 1 : 2 * Math.log(n - 1) + 0.57721 - (2 * (n - 1)) / n;
}

/** Runs `fn` with Math.random replaced: the library has no seed option. Safe because training is synchronous. */
function withRandom<T>(random: SeededRandom, fn: () => T): T {
  const original = Math.random;
  Math.random = () => random.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** Partial Fisher–Yates: ψ distinct rows. */
function subsample(rows: readonly (readonly number[])[], size: number, random: SeededRandom): number[][] {
  const idx = rows.map((_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random.next() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, size).map((i) => [...(rows[i] as number[])]);
}

/**
 * The library trains every tree on the whole set it is given; the isolation forest of Liu et al. trains each tree
 * on its own subsample of ψ rows. So each tree is a one-tree IsolationForest on its own subsample, and the scores
 * are combined as the paper does: mean path length h̄ over trees, score = 2^(-h̄ / c(ψ)). A one-tree forest's
 * score s gives its path length back as h = -c(ψ) · log2(s).
 */
function build(state: Omit<AnomalyModelState, 'threshold'>): (rows: readonly (readonly number[])[]) => number[] {
  const random = createRandom(state.seed);
  const psi = Math.min(state.subsampleSize, state.sample.length);
  const forests = withRandom(random, () =>
    Array.from({ length: state.trees }, () => {
      const forest = new IsolationForest({ nEstimators: 1 });
      forest.train(subsample(state.sample, psi, random));
      return forest;
    }),
  );
  const norm = c(psi);
  return (rows) => {
    if (rows.length === 0) return [];
    const data = rows.map((r) => [...r]);
    const pathSums = new Array<number>(rows.length).fill(0);
    for (const forest of forests) forest.predict(data).forEach((s, i) => (pathSums[i] = (pathSums[i] as number) - norm * Math.log2(s)));
    return pathSums.map((sum) => 2 ** (-(sum / forests.length) / norm));
  };
}

function assemble(state: AnomalyModelState, score: (rows: readonly (readonly number[])[]) => number[]): AnomalyModel {
  return {
    state,
    scoreVectors: score,
    scoreRecord(record) {
      const v = extractFeatures(record, state.features);
      if (!v) return null;
      const s = score([v])[0] as number;
      return { score: s, anomalous: s > state.threshold };
    },
    toJSON: () => state,
  };
}

export function trainAnomalyModel(options: TrainOptions): AnomalyModel {
  if (options.sample.length < 8) throw new RangeError(`need at least 8 training rows, got ${options.sample.length}`);
  const width = options.features.length;
  if (options.sample.some((r) => r.length !== width || r.some((x) => !Number.isFinite(x))))
    throw new RangeError(`every training row needs ${width} finite numbers`);
  const base = {
    format: 'rivulet.isolation-forest' as const,
    formatVersion: 1 as const,
    modelVersion: options.modelVersion ?? 1,
    source: options.source,
    entity: options.entity,
    features: [...options.features],
    seed: options.seed ?? 1,
    trees: options.trees ?? 100,
    subsampleSize: options.subsampleSize ?? 256,
    contamination: options.contamination ?? 0.05,
    trainedAt: options.trainedAt,
    sample: options.sample.map((r) => [...r]),
  };
  const score = build(base);
  const threshold = quantile(score(base.sample), 1 - base.contamination);
  return assemble({ ...base, threshold }, score);
}

/** Rebuilds a model from its persisted JSON (PostgreSQL row or compacted topic value). */
export function loadAnomalyModel(json: unknown): AnomalyModel {
  const parsed = anomalyModelStateSchema.safeParse(typeof json === 'string' ? JSON.parse(json) : json);
  if (!parsed.success) throw new AnomalyModelError(`not an anomaly model: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const state = parsed.data as AnomalyModelState;
  return assemble(state, build(state));
}
