import { describe, expect, it } from 'vitest';
import { rng } from '../__fixtures__/person.js';
import { COMPARISON_FIELDS, type ComparisonVector } from './comparisonFields.js';
import { defaultModel, type MatchModel } from './matchModel.js';
import { estimateModel, estimateU } from './estimateModel.js';

// Ground truth to recover: strong agreement among matches, weak among non-matches, some missing values.
function truth(): MatchModel {
  const model = defaultModel('truth');
  model.lambda = 0.2;
  for (const f of COMPARISON_FIELDS) {
    model.fields[f.name] =
      f.levels.length === 4
        ? { m: [0.05, 0.07, 0.13, 0.75], u: [0.8, 0.12, 0.05, 0.03] }
        : f.levels.length === 3
          ? { m: [0.08, 0.12, 0.8], u: [0.85, 0.1, 0.05] }
          : { m: [0.2, 0.8], u: [0.9, 0.1] };
  }
  return model;
}

function draw(p: number[], r: number): number {
  let acc = 0;
  for (let i = 0; i < p.length; i++) if (r < (acc += p[i]!)) return i;
  return p.length - 1;
}

function sample(model: MatchModel, n: number, seed: number): ComparisonVector[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const side = random() < model.lambda ? 'm' : 'u';
    return COMPARISON_FIELDS.map((f) => (random() < 0.1 ? null : draw(model.fields[f.name]![side], random())));
  });
}

describe('estimateModel (EM)', () => {
  it('given pairs drawn from known m/u and λ, when EM runs from the default model, then it recovers them', () => {
    const known = truth();
    const result = estimateModel(sample(known, 40_000, 42));
    expect(result.converged).toBe(true);
    expect(result.model.lambda).toBeCloseTo(known.lambda, 1);
    expect(Math.abs(result.model.lambda - known.lambda)).toBeLessThan(0.02);
    for (const f of COMPARISON_FIELDS) {
      const got = result.model.fields[f.name]!;
      const want = known.fields[f.name]!;
      got.m.forEach((p, i) => expect(Math.abs(p - want.m[i]!)).toBeLessThan(0.03));
      got.u.forEach((p, i) => expect(Math.abs(p - want.u[i]!)).toBeLessThan(0.03));
    }
  });

  it('given u fixed from random pairs, when EM runs with fixU, then u stays and m is learnt', () => {
    const known = truth();
    const random = estimateU(sample({ ...known, lambda: 1e-4 }, 20_000, 7));
    const result = estimateModel(sample(known, 20_000, 8), random, { fixU: true });
    expect(result.model.fields.email!.u).toEqual(random.fields.email!.u);
    expect(Math.abs(result.model.fields.email!.m[2]! - 0.8)).toBeLessThan(0.03);
  });

  it('given many identical pairs, when EM runs, then it works on distinct patterns only', () => {
    const v: ComparisonVector = [3, 3, 2, null, null, 2, 3, 2, null];
    const w: ComparisonVector = [0, 0, 0, null, null, 0, 0, 0, null];
    const result = estimateModel([...Array(1000).fill(v), ...Array(9000).fill(w)]);
    expect(result.patterns).toBe(2);
    expect(result.model.lambda).toBeCloseTo(0.1, 2);
  });
});
