import { COMPARISON_FIELDS, type ComparisonVector } from './comparisonFields.js';
import type { MatchModel } from './matchModel.js';

export interface PairScore {
  /** log2 Bayes factor including the prior: log2(λ/(1-λ)) + Σ log2(m/u). */
  weight: number;
  /** Posterior match probability 2^w / (1 + 2^w). */
  probability: number;
}

// Keeps log(m/u) finite when EM drives a probability to zero.
const FLOOR = 1e-6;

export function scoreVector(vector: ComparisonVector, model: MatchModel): PairScore {
  let weight = Math.log2(model.lambda / (1 - model.lambda));
  COMPARISON_FIELDS.forEach((f, i) => {
    const level = vector[i];
    if (level == null) return;
    const p = model.fields[f.name];
    if (!p) return;
    const m = Math.max(p.m[level] ?? FLOOR, FLOOR);
    const u = Math.max(p.u[level] ?? FLOOR, FLOOR);
    weight += Math.log2(m / u);
  });
  return { weight, probability: 1 / (1 + 2 ** -weight) };
}
