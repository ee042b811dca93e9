import { describe, expect, it } from 'vitest';
import { AnomalyModelError } from '../errors.js';
import { loadAnomalyModel, trainAnomalyModel } from './anomalyModel.js';
import { ENTITY_FEATURES, extractFeatures } from './features.js';
import { createRandom } from './prng.js';
import { Reservoir } from './reservoir.js';
import { rocAuc } from './rocAuc.js';

const rnd = createRandom(11);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
const normal = (n: number) => Array.from({ length: n }, () => [1000 + 100 * gauss(), 5 + gauss()]);
const features = [{ name: 'a', path: 'a' }, { name: 'b', path: 'b' }];

describe('isolation forest model', () => {
  const sample = normal(400);
  const model = trainAnomalyModel({ source: 'erp', entity: 'order', features, sample, trainedAt: 0, seed: 3, contamination: 0.05 });

  it('given outliers far from the training data, then they score above the threshold and ordinary points mostly do not', () => {
    const outliers = [[5000, 5], [1000, 40], [-2000, -10]];
    const scores = model.scoreVectors([...normal(200), ...outliers]);
    expect(scores.slice(-3).every((s) => s > model.state.threshold)).toBe(true);
    const flagged = scores.slice(0, 200).filter((s) => s > model.state.threshold).length;
    expect(flagged).toBeLessThan(25);
    expect(rocAuc(scores, [...Array(200).fill(0), 1, 1, 1])).toBeGreaterThan(0.95);
  });

  it('given the contamination, then about that share of the training sample lies above the threshold', () => {
    const above = model.scoreVectors(sample).filter((s) => s > model.state.threshold).length;
    expect(above / sample.length).toBeCloseTo(0.05, 1);
  });

  it('given its JSON, when loaded (after a restart), then the rebuilt model scores identically', () => {
    const json = JSON.stringify(model);
    const reloaded = loadAnomalyModel(json);
    const probe = [[1000, 5], [3000, 9], [900, 2]];
    expect(reloaded.scoreVectors(probe)).toEqual(model.scoreVectors(probe));
    expect(reloaded.state.threshold).toBe(model.state.threshold);
    expect(JSON.parse(json)).toMatchObject({ format: 'rivulet.isolation-forest', formatVersion: 1, modelVersion: 1, entity: 'order' });
  });

  it('given the same seed, then training is deterministic; Math.random is left as it was', () => {
    const original = Math.random;
    const again = trainAnomalyModel({ source: 'erp', entity: 'order', features, sample, trainedAt: 0, seed: 3, contamination: 0.05 });
    expect(again.scoreVectors([[1500, 6]])).toEqual(model.scoreVectors([[1500, 6]]));
    expect(Math.random).toBe(original);
  });

  it('given a record, then scoreRecord reads its features; without them it returns null', () => {
    expect(model.scoreRecord({ a: 9000, b: 5 })).toMatchObject({ anomalous: true });
    expect(model.scoreRecord({ a: 'x' })).toBeNull();
  });

  it('given bad input, then training and loading refuse', () => {
    expect(() => trainAnomalyModel({ source: 's', entity: 'e', features, sample: normal(3), trainedAt: 0 })).toThrow(RangeError);
    expect(() => loadAnomalyModel({ format: 'other' })).toThrow(AnomalyModelError);
  });
});

describe('features', () => {
  it('given canonical records, then entity features read amounts and durations with fills', () => {
    const invoice = { amount_due: { amount_minor: 500 }, amount_paid: { amount_minor: 0 }, issued_at: 0, due_at: 14 * 86_400_000, paid_at: null };
    expect(extractFeatures(invoice, ENTITY_FEATURES.invoice!)).toEqual([500, 0, 14, -1]);
    expect(extractFeatures({ duration_seconds: 60, bytes_used: null }, ENTITY_FEATURES.usage!)).toEqual([60, 0]);
    expect(extractFeatures({ item_count: 2 }, ENTITY_FEATURES.order!)).toBeUndefined();
  });
});

describe('reservoir', () => {
  it('given many offers, then it stays bounded, favours recent items and restores to the same sequence', () => {
    const r = Reservoir.create<number>(100, 5);
    for (let i = 0; i < 10_000; i++) r.offer(i);
    expect(r.items.length).toBeLessThanOrEqual(100);
    expect(r.items.length).toBeGreaterThan(90);
    const recent = r.items.filter((x) => x >= 9_500).length;
    expect(recent).toBeGreaterThan(r.items.length * 0.9);
    const copy = Reservoir.restore(JSON.parse(JSON.stringify(r.toJSON())));
    for (let i = 10_000; i < 10_100; i++) {
      r.offer(i);
      copy.offer(i);
    }
    expect(copy.items).toEqual(r.items);
    expect(copy.seen).toBe(10_100);
  });
});

describe('rocAuc', () => {
  it('given perfect, inverted and tied rankings, then 1, 0 and 0.5', () => {
    expect(rocAuc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
    expect(rocAuc([0.9, 0.2, 0.1], [0, 0, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
  });
});
