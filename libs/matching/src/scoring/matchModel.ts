import { InvalidModelError } from '../matchingError.js';
import { COMPARISON_FIELDS } from './comparisonFields.js';

/** m = P(level | match), u = P(level | non-match), one entry per comparison level. */
export interface FieldParameters {
  m: number[];
  u: number[];
}

/**
 * A Fellegi-Sunter model: plain JSON, so the app can persist it (PostgreSQL row or compacted topic) and a
 * replay can reuse exactly the parameters a decision was made with (`version` goes into matcher_version).
 */
export interface MatchModel {
  version: string;
  /** Prior probability that a candidate pair (after blocking) is a match. */
  lambda: number;
  fields: Record<string, FieldParameters>;
}

// Configured starting point: agreement is rare among non-matches and common among matches. EM refines it.
function defaults(levels: number): FieldParameters {
  if (levels === 4) return { m: [0.05, 0.05, 0.1, 0.8], u: [0.85, 0.1, 0.03, 0.02] };
  if (levels === 3) return { m: [0.05, 0.1, 0.85], u: [0.9, 0.08, 0.02] };
  const m = Array.from({ length: levels }, (_, i) => (i + 1) / ((levels * (levels + 1)) / 2));
  return { m, u: [...m].reverse() };
}

export function defaultModel(version = 'fs-default-1'): MatchModel {
  const fields: Record<string, FieldParameters> = {};
  for (const f of COMPARISON_FIELDS) fields[f.name] = defaults(f.levels.length);
  return { version, lambda: 0.1, fields };
}

export function serializeModel(model: MatchModel): string {
  return JSON.stringify(model);
}

function isProbabilities(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((p) => typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= 1)
  );
}

/** Parses and validates a stored model; throws InvalidModelError naming the bad part. */
export function parseModel(json: string | unknown): MatchModel {
  let raw: unknown;
  try {
    raw = typeof json === 'string' ? JSON.parse(json) : json;
  } catch (cause) {
    throw new InvalidModelError('match model is not valid JSON', { cause });
  }
  const obj = raw as Partial<MatchModel> | null;
  if (!obj || typeof obj !== 'object') throw new InvalidModelError('match model must be an object');
  if (typeof obj.version !== 'string') throw new InvalidModelError('match model: version must be a string');
  if (typeof obj.lambda !== 'number' || !(obj.lambda > 0 && obj.lambda < 1)) {
    throw new InvalidModelError('match model: lambda must be in (0, 1)');
  }
  const fields: Record<string, FieldParameters> = {};
  for (const f of COMPARISON_FIELDS) {
    const p = obj.fields?.[f.name];
    if (!p || !isProbabilities(p.m, f.levels.length) || !isProbabilities(p.u, f.levels.length)) {
      throw new InvalidModelError(`match model: fields.${f.name} needs m and u with ${f.levels.length} probabilities`);
    }
    fields[f.name] = { m: [...p.m], u: [...p.u] };
  }
  return { version: obj.version, lambda: obj.lambda, fields };
}
