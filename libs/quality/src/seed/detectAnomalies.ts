import { ENTITY_FEATURES, extractFeatures, type FeatureSpec } from '../anomaly/features.js';
import { trainAnomalyModel } from '../anomaly/anomalyModel.js';

export interface AnomalyRequest {
  data: readonly Record<string, unknown>[];
  /** Numeric fields (dotted paths) to model; default: the entity's features, else every numeric top-level field. */
  fields?: readonly string[];
  entity?: string;
  contamination?: number;
  seed?: number;
}

export interface AnomalyHit {
  index: number;
  score: number;
  values: Record<string, number>;
}

export interface AnomalyResponse {
  total_records: number;
  /** Records that could be scored (all features readable). */
  scored_records: number;
  threshold: number | null;
  features: string[];
  anomalies: AnomalyHit[];
  /** Score per input record; null where it could not be scored. */
  scores: (number | null)[];
}

function featuresFor(request: AnomalyRequest): FeatureSpec[] {
  if (request.fields) return request.fields.map((f) => ({ name: f, path: f }));
  if (request.entity && ENTITY_FEATURES[request.entity]) return [...(ENTITY_FEATURES[request.entity] as FeatureSpec[])];
  const numeric = new Set<string>();
  for (const r of request.data) for (const [k, v] of Object.entries(r)) if (typeof v === 'number') numeric.add(k);
  return [...numeric].sort().map((f) => ({ name: f, path: f }));
}

/**
 * The seed's `POST /detect-anomalies` over one batch: an isolation forest trained on the batch itself (the
 * unsupervised setting of the seed), flagged above the (1 - contamination) score quantile. Fewer than 8
 * scorable records, or no numeric features: nothing is flagged.
 */
export function detectAnomalies(request: AnomalyRequest): AnomalyResponse {
  const features = featuresFor(request);
  const vectors = request.data.map((r) => (features.length ? extractFeatures(r, features) : undefined));
  const rows = vectors.filter((v): v is number[] => v !== undefined);
  const base = { total_records: request.data.length, scored_records: rows.length, features: features.map((f) => f.name) };
  if (rows.length < 8) return { ...base, threshold: null, anomalies: [], scores: vectors.map(() => null) };
  const model = trainAnomalyModel({
    source: 'request', entity: request.entity ?? 'unknown', features, sample: rows, trainedAt: 0,
    contamination: request.contamination ?? 0.05, seed: request.seed ?? 1,
  });
  const scored = model.scoreVectors(rows);
  let k = 0;
  const scores = vectors.map((v) => (v === undefined ? null : (scored[k++] as number)));
  const anomalies: AnomalyHit[] = [];
  scores.forEach((s, index) => {
    if (s !== null && s > model.state.threshold)
      anomalies.push({ index, score: s, values: Object.fromEntries(features.map((f, j) => [f.name, (vectors[index] as number[])[j] as number])) });
  });
  return { ...base, threshold: model.state.threshold, anomalies: anomalies.sort((a, b) => b.score - a.score), scores };
}
