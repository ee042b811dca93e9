import { describe, expect, it } from 'vitest';
import { pearson, spearman } from './correlation.js';
import { linearTrend } from './linearTrend.js';
import { mannKendall } from './mannKendall.js';
import { predictCrossing } from './predictCrossing.js';

// Reference values computed once with Python 3 + SciPy 1.x (pip install scipy):
//   stats.pearsonr(x, y), stats.spearmanr(a, b), stats.linregress(x, y);
//   Mann-Kendall by the textbook formulas (Gilbert 1987, ch. 16): S = Σ sign(x_j − x_i),
//   Var S = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18, z = (S − sign S)/sqrt(Var S), p = 2(1 − Φ(|z|)) with scipy.stats.norm.
const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const y = [2.1, 3.9, 6.2, 7.8, 11.0, 12.1, 13.8, 16.5, 18.2, 19.9];

describe('statistics', () => {
  it('given a near-linear series, when Pearson is computed, then r and p match scipy.stats.pearsonr', () => {
    const r = pearson(x, y);
    expect(r.coefficient).toBeCloseTo(0.9981627963071456, 12);
    expect(r.pValue / 4.9733555515606093e-11).toBeCloseTo(1, 4);
  });

  it('given a weakly related pair, when Pearson and Spearman are computed, then both match scipy', () => {
    const a = [10, 20, 30, 40, 50, 60, 70];
    const b = [3, 1, 4, 1, 5, 9, 2];
    expect(pearson(a, b).coefficient).toBeCloseTo(0.38302295861520796, 12);
    expect(pearson(a, b).pValue).toBeCloseTo(0.3963884814333045, 9);
    expect(spearman(a, b).coefficient).toBeCloseTo(0.3243374865704013, 12); // b has a tie: average ranks
    expect(spearman(a, b).pValue).toBeCloseTo(0.477885479739931, 8); // jstat's t CDF agrees to ~1e-9
  });

  it('given a series with ties, when Mann-Kendall runs, then S, Var S (ties corrected), z and p match the textbook values', () => {
    const mk = mannKendall([5, 7, 7, 9, 8, 10, 12, 12, 11, 14]);
    expect(mk.s).toBe(37);
    expect(mk.varS).toBe(123);
    expect(mk.z).toBeCloseTo(3.246010684802756, 12);
    expect(mk.pValue).toBeCloseTo(0.0011703444685278175, 9);
    expect(mk.trend).toBe('increasing');
  });

  it('given the same series, when OLS runs, then slope, stderr and p match scipy.stats.linregress', () => {
    const t = linearTrend(x, y);
    expect(t.slope).toBeCloseTo(2.0054545454545454, 12);
    expect(t.intercept).toBeCloseTo(0.120000000000001, 10);
    expect(t.slopeStdErr).toBeCloseTo(0.04303883824868191, 12);
    expect(t.pValue / 4.9733555515594106e-11).toBeCloseTo(1, 4);
  });

  it('given a rising rate, when predicting the crossing of a threshold, then the ETA lies inside its prediction interval', () => {
    const hours = [0, 1, 2, 3, 4, 5, 6, 7];
    const rate = [0.010, 0.013, 0.014, 0.018, 0.019, 0.023, 0.024, 0.027];
    const f = predictCrossing(hours, rate, 0.05, { direction: 'above', horizon: 12 });
    expect(f.eta).not.toBeNull();
    expect(f.eta!).toBeGreaterThan(7);
    expect(f.earliest!).toBeLessThanOrEqual(f.eta!);
    expect(f.latest!).toBeGreaterThanOrEqual(f.eta!);
    // Mean line reaches 0.05 near hour 16.5, inside the 12 h horizon from hour 7? No: 7 + 12 = 19 > 16.5, so likely.
    expect(f.probabilityWithinHorizon).toBeGreaterThan(0.8);
    expect(predictCrossing(hours, [...rate].reverse(), 0.05, { direction: 'above', horizon: 12 }).eta).toBeNull();
  });
});
