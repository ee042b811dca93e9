import { COMPARISON_FIELDS, type ComparisonVector } from './comparisonFields.js';
import { defaultModel, type FieldParameters, type MatchModel } from './matchModel.js';

export interface EmOptions {
  maxIterations: number;
  /** Stop when no parameter (λ, m, u) moves by more than this between iterations. */
  tolerance: number;
  /** Keep u from the initial model (e.g. estimated on random pairs) and only learn m and λ. */
  fixU: boolean;
  version: string;
}

export const defaultEmOptions: EmOptions = {
  maxIterations: 200,
  tolerance: 1e-6,
  fixU: false,
  version: 'fs-em-1',
};

export interface EmResult {
  model: MatchModel;
  iterations: number;
  converged: boolean;
  /** Number of distinct comparison patterns EM ran over (pairs are aggregated by pattern). */
  patterns: number;
}

interface Pattern {
  vector: ComparisonVector;
  count: number;
}

// EM cost depends on distinct patterns, not pairs: millions of pairs collapse into a few thousand vectors.
function aggregate(vectors: Iterable<ComparisonVector>): Pattern[] {
  const map = new Map<string, Pattern>();
  for (const v of vectors) {
    const key = v.join(',');
    const p = map.get(key);
    if (p) p.count++;
    else map.set(key, { vector: v, count: 1 });
  }
  return [...map.values()];
}

const FLOOR = 1e-6;

function normalise(counts: number[]): number[] {
  const floored = counts.map((c) => Math.max(c, 0) + FLOOR);
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((c) => c / total);
}

function likelihood(vector: ComparisonVector, side: 'm' | 'u', fields: Record<string, FieldParameters>): number {
  let p = 1;
  COMPARISON_FIELDS.forEach((f, i) => {
    const level = vector[i];
    if (level == null) return;
    p *= fields[f.name]![side][level] ?? FLOOR;
  });
  return p;
}

/**
 * Unsupervised Fellegi-Sunter parameters by expectation-maximisation over the comparison vectors of
 * candidate pairs (Winkler 1988; Jaro 1989): the latent class of each pair is match/non-match, fields are
 * assumed conditionally independent, and a missing field is skipped in both the E and M steps.
 * λ comes out as the match share among *candidate* pairs, which is the prior scoring later applies to
 * candidate pairs, so blocking and scoring stay consistent.
 */
export function estimateModel(
  vectors: Iterable<ComparisonVector>,
  initial: MatchModel = defaultModel(),
  options: Partial<EmOptions> = {},
): EmResult {
  const opts = { ...defaultEmOptions, ...options };
  const patterns = aggregate(vectors);
  let lambda = initial.lambda;
  let fields = structuredClone(initial.fields);
  let iterations = 0;
  let converged = false;

  while (iterations < opts.maxIterations && !converged) {
    iterations++;
    const mCounts = COMPARISON_FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    const uCounts = COMPARISON_FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    let matchMass = 0;
    let total = 0;
    for (const { vector, count } of patterns) {
      const pm = lambda * likelihood(vector, 'm', fields);
      const pu = (1 - lambda) * likelihood(vector, 'u', fields);
      const g = pm + pu > 0 ? pm / (pm + pu) : 0;
      matchMass += g * count;
      total += count;
      vector.forEach((level, i) => {
        if (level == null) return;
        mCounts[i]![level]! += g * count;
        uCounts[i]![level]! += (1 - g) * count;
      });
    }
    const next: Record<string, FieldParameters> = {};
    let delta = 0;
    COMPARISON_FIELDS.forEach((f, i) => {
      const old = fields[f.name]!;
      const m = normalise(mCounts[i]!);
      const u = opts.fixU ? old.u : normalise(uCounts[i]!);
      m.forEach((p, l) => (delta = Math.max(delta, Math.abs(p - (old.m[l] ?? 0)))));
      u.forEach((p, l) => (delta = Math.max(delta, Math.abs(p - (old.u[l] ?? 0)))));
      next[f.name] = { m, u };
    });
    const nextLambda = Math.min(Math.max(total > 0 ? matchMass / total : lambda, FLOOR), 1 - FLOOR);
    delta = Math.max(delta, Math.abs(nextLambda - lambda));
    lambda = nextLambda;
    fields = next;
    converged = delta < opts.tolerance;
  }
  return { model: { version: opts.version, lambda, fields }, iterations, converged, patterns: patterns.length };
}

/**
 * u probabilities from pairs drawn at random (almost all non-matches), the Splink-style way to pin u down
 * before running EM with fixU. Fields missing from every pair keep the initial u.
 */
export function estimateU(randomPairs: Iterable<ComparisonVector>, initial: MatchModel = defaultModel()): MatchModel {
  const counts = COMPARISON_FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  for (const v of randomPairs) v.forEach((level, i) => level != null && counts[i]![level]!++);
  const fields = structuredClone(initial.fields);
  COMPARISON_FIELDS.forEach((f, i) => {
    if (counts[i]!.some((c) => c > 0)) fields[f.name] = { m: fields[f.name]!.m, u: normalise(counts[i]!) };
  });
  return { ...initial, fields };
}
