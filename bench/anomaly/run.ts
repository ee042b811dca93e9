/**
 * ROC-AUC of @rivulet/quality's isolation forest vs scikit-learn's IsolationForest on the same data:
 *  (a) generator data: the numeric outliers the generator plants (truth defects on the model's features),
 *  (b) Breast Cancer Wisconsin (Diagnostic), bundled in scikit-learn, malignant subsampled to 5 % as outliers.
 * Both are fitted unsupervised on the whole set and score it (the usual ODDS/ADBench protocol), 100 trees,
 * 256 rows per tree, over several seeds. Run: npm run bench:anomaly  (tsx --conditions=source bench/anomaly/run.ts)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generateRecords, parseDefectCode, type Topic } from '@rivulet/generator';
import { rocAuc, trainAnomalyModel } from '@rivulet/quality';

const HERE = import.meta.dirname;
const PY = join(HERE, 'sklearn_iforest.py');
const SEEDS = [0, 1, 2, 3, 4];

function ensureSklearn(): void {
  try {
    execFileSync('python3', ['-c', 'import sklearn'], { stdio: 'ignore' });
  } catch {
    console.error('scikit-learn not installed: python3 -m pip install scikit-learn');
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', 'scikit-learn'], { stdio: 'inherit' });
  }
}

function python<T>(args: string[], input?: unknown): T {
  const out = execFileSync('python3', [PY, ...args], { input: input === undefined ? undefined : JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as T;
}

interface Dataset {
  name: string;
  X: number[][];
  y: number[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? Number(v) : Number.NaN);

/** Generator records of one topic; label 1 = a planted defect on one of the features (outlier or out of range). */
function generatorDataset(name: string, topic: Topic, features: Record<string, (r: Record<string, unknown>) => number>): Dataset {
  const X: number[][] = [];
  const y: number[] = [];
  const defects = { missing: 0, invalidFormat: 0, outOfRange: 0.02, outlier: 0.03, inconsistency: 0 };
  for (const { topic: t, record, truth } of generateRecords({ records: 40_000, seed: 2024, defects, incident: null })) {
    if (t !== topic) continue;
    const row = Object.values(features).map((f) => f(record));
    if (row.some((x) => !Number.isFinite(x))) continue;
    X.push(row);
    y.push(truth.defects.some((code) => parseDefectCode(code).field in features) ? 1 : 0);
  }
  return { name, X, y };
}

function ours(X: number[][]): number[][] {
  return SEEDS.map((seed) => {
    const model = trainAnomalyModel({ source: 'bench', entity: 'bench', features: X[0]!.map((_, i) => ({ name: `f${i}`, path: `f${i}` })), sample: X, trainedAt: 0, seed: seed + 1, trees: 100, subsampleSize: 256 });
    return model.scoreVectors(X);
  });
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`;
};

ensureSklearn();
const datasets: Dataset[] = [
  generatorDataset('generator cdr.call [duration_seconds, bytes_used]', 'raw.cdr.call', {
    duration_seconds: (r) => num(r.duration_seconds),
    bytes_used: (r) => (r.bytes_used === null ? 0 : num(r.bytes_used)),
  }),
  generatorDataset('generator erp.order [total_amount, item_count]', 'raw.erp.order', {
    total_amount: (r) => num(r.total_amount),
    item_count: (r) => num(r.item_count),
  }),
  { name: 'breast cancer (sklearn, malignant 5%)', ...python<{ X: number[][]; y: number[] }>(['dataset', 'breast_cancer', '0.05', '42']) },
];

console.log(`ROC-AUC, mean ± sd over ${SEEDS.length} seeds (100 trees, 256 rows per tree)`);
for (const d of datasets) {
  const started = performance.now();
  const mine = ours(d.X).map((s) => rocAuc(s, d.y as (0 | 1)[]));
  const oursMs = performance.now() - started;
  const theirs = python<{ scores: number[][] }>(['score'], { X: d.X, seeds: SEEDS, n_estimators: 100, max_samples: 256 }).scores.map((s) => rocAuc(s, d.y as (0 | 1)[]));
  const outliers = d.y.filter((v) => v === 1).length;
  console.log(`${d.name}: n=${d.X.length}, outliers=${outliers} (${((100 * outliers) / d.X.length).toFixed(1)}%)`);
  console.log(`  ours (ml-isolation-forest, per-tree subsamples): ${stats(mine)}  [${(oursMs / SEEDS.length).toFixed(0)} ms per fit+score]`);
  console.log(`  scikit-learn IsolationForest:                     ${stats(theirs)}`);
}
