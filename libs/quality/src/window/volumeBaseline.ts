export type VolumeVerdict = 'normal' | 'drop' | 'spike' | 'insufficient_history';

export interface VolumeAssessment {
  current: number;
  median: number;
  /** Median absolute deviation of the history. */
  mad: number;
  /** Robust z-score: (current - median) / (1.4826 · MAD); see below for MAD = 0. */
  score: number;
  verdict: VolumeVerdict;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Compares a window's record count with the counts of previous windows (same source, same time of day/week if
 * the caller picks them so). Median and MAD resist the outliers a mean and standard deviation would chase.
 * 1.4826 makes MAD estimate σ for normal data; |score| > 3.5 is Iglewicz & Hoaglin's outlier rule. When more
 * than half the history is identical (MAD = 0) the mean absolute deviation (× 1.2533) stands in; when that is 0
 * too, any change is infinitely unusual, and the score is ±Infinity.
 */
export function assessVolume(history: readonly number[], current: number, options: { threshold?: number; minHistory?: number } = {}): VolumeAssessment {
  const threshold = options.threshold ?? 3.5;
  if (history.length < (options.minHistory ?? 3)) return { current, median: Number.NaN, mad: Number.NaN, score: 0, verdict: 'insufficient_history' };
  const m = median(history);
  const mad = median(history.map((x) => Math.abs(x - m)));
  let scale = 1.4826 * mad;
  if (scale === 0) scale = 1.2533 * (history.reduce((sum, x) => sum + Math.abs(x - m), 0) / history.length);
  const diff = current - m;
  const score = diff === 0 ? 0 : scale === 0 ? Math.sign(diff) * Number.POSITIVE_INFINITY : diff / scale;
  const verdict: VolumeVerdict = score < -threshold ? 'drop' : score > threshold ? 'spike' : 'normal';
  return { current, median: m, mad, score, verdict };
}
