/**
 * Accuracy and blocking benchmark of @rivulet/matching. Usage (repo root):
 *   npm run bench:match                    # Febrl 1-4, generator 10k, scaling 10k/100k
 *   npm run bench:match -- --scale 1000000 # also 1M synthetic records for comparisons per record
 *   npm run bench:match -- --only febrl    # or: generator, scaling
 */
import { parseArgs } from 'node:util';
import { loadFebrl, type LabelledRecord } from './febrl.js';
import { clusterMetrics, clusterPairs, pairMetrics, type Prf } from './metrics.js';
import { runPipeline } from './pipeline.js';
import { matchScaling } from './scaling.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string', default: '10000,100000' },
    generator: { type: 'string', default: '10000' },
  },
});
const want = (part: string) => !values.only || values.only === part;
const f = (x: number) => x.toFixed(4);
const prfText = (m: Prf) => `P ${f(m.precision)} R ${f(m.recall)} F1 ${f(m.f1)}`;

function evaluate(name: string, data: LabelledRecord[]) {
  const entityOf = data.map((d) => d.entity);
  const r = runPipeline(data.map((d) => d.record));
  const n = data.length;
  const blocking = pairMetrics(r.candidates, entityOf);
  console.log(`\n## ${name}: ${n} records, ${new Set(entityOf).size} entities`);
  console.log(`comparisons ${r.comparisons} vs n(n-1)/2 = ${(n * (n - 1)) / 2} (${((100 * r.comparisons * 2) / (n * (n - 1))).toFixed(3)}%), ${(r.comparisons / n).toFixed(2)} per record; blocking pair recall ${f(blocking.recall)}`);
  console.log(`EM: ${r.emIterations} iterations, lambda ${f(r.model.lambda)}`);
  console.log(`pairwise (classifier, p >= 0.8): ${prfText(pairMetrics(r.matchPairs, entityOf))}`);
  console.log(`pairwise (clusters, transitive): ${prfText(pairMetrics(clusterPairs(r.clusters), entityOf))}`);
  console.log(`clusters (exact entity recovered): ${prfText(clusterMetrics(r.clusters, entityOf))}`);
  console.log(`time ms: ${Object.entries(r.millis).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}

if (want('febrl')) {
  for (const file of ['dataset1.csv', 'dataset2.csv', 'dataset3.csv']) evaluate(`Febrl ${file}`, loadFebrl(file));
  evaluate('Febrl dataset4a+4b (dedupe of the union)', [...loadFebrl('dataset4a.csv'), ...loadFebrl('dataset4b.csv')]);
}

if (want('generator')) {
  try {
    const { loadGenerated } = await import('./generatorData.js');
    for (const size of values.generator!.split(',').map(Number)) {
      evaluate(`@rivulet/generator ${size} raw records (party records via @rivulet/transform mappings)`, loadGenerated(size));
    }
  } catch (error) {
    console.log(`\n## generator: skipped (${(error as Error).message})`);
  }
}

if (want('scaling')) {
  console.log('\n## comparisons per record as input grows (synthetic, skewed names)');
  for (const n of values.scale!.split(',').map(Number)) {
    const [s] = matchScaling([n]);
    console.log(`n ${n}: comparisons ${s!.comparisons}, per record ${s!.perRecord.toFixed(2)}, vs n² share ${s!.shareOfAllPairs.toExponential(2)}, ${(s!.ms / 1000).toFixed(1)} s`);
  }
}
