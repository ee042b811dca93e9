import { prepareRecord } from '../prepareRecord.js';
import { defaultModel, type MatchModel } from '../scoring/matchModel.js';
import { scorePair } from '../scoring/scorePair.js';
import { batchResolve } from './batchResolve.js';
import { toPartyRecord, type LooseRecord } from './toPartyRecord.js';

export interface MatchRequest {
  tenant_id?: string;
  record: LooseRecord;
  candidates: LooseRecord[];
  confidence_threshold?: number;
  model?: MatchModel;
}

export interface MatchResult {
  candidate_index: number;
  candidate_id: string;
  score: number;
  decision: 'MATCH' | 'REVIEW' | 'NON_MATCH';
  matched_fields: string[];
}

const decisionOf = (threshold: number) => ({ confidence_threshold: threshold, review_threshold: Math.min(0.5, threshold) });

/** Seed POST /match: scores one record against the given candidates, best first. */
export function match(request: MatchRequest): { matches: MatchResult[] } {
  const tenant = request.tenant_id ?? 'default';
  const probe = prepareRecord(toPartyRecord(request.record, -1, tenant));
  const model = request.model ?? defaultModel();
  const matches = request.candidates
    .map((c, i) => {
      const other = prepareRecord(toPartyRecord(c, i, tenant));
      const s = scorePair(probe, other, model, decisionOf(request.confidence_threshold ?? 0.8));
      return { candidate_index: i, candidate_id: other.record.party_key, score: s.probability, decision: s.decision, matched_fields: s.matchedFields };
    })
    .sort((a, b) => b.score - a.score || a.candidate_index - b.candidate_index);
  return { matches };
}

export interface DeduplicateRequest {
  tenant_id?: string;
  records: LooseRecord[];
  confidence_threshold?: number;
  model?: MatchModel;
}

export interface DeduplicateResponse {
  total_records: number;
  unique_records: LooseRecord[];
  duplicates: { record_index: number; duplicate_of: number }[];
  duplicates_removed: number;
}

/** Seed POST /deduplicate: keeps the first record (input order) of every cluster. */
export function deduplicate(request: DeduplicateRequest): DeduplicateResponse {
  const tenant = request.tenant_id ?? 'default';
  const records = request.records.map((r, i) => toPartyRecord(r, i, tenant));
  const { clusters } = batchResolve(records, {
    ...(request.model ? { model: request.model } : {}),
    decision: decisionOf(request.confidence_threshold ?? 0.8),
  });
  const keep = clusters.map((c) => Math.min(...c)).sort((a, b) => a - b);
  const duplicates = clusters.flatMap((c) => {
    const first = Math.min(...c);
    return c.filter((i) => i !== first).map((i) => ({ record_index: i, duplicate_of: first }));
  });
  return {
    total_records: records.length,
    unique_records: keep.map((i) => request.records[i]!),
    duplicates: duplicates.sort((a, b) => a.record_index - b.record_index),
    duplicates_removed: duplicates.length,
  };
}

export interface ValidateMatchesRequest {
  tenant_id?: string;
  matches: { record_a: LooseRecord; record_b: LooseRecord }[];
  confidence_threshold?: number;
  model?: MatchModel;
}

/** Seed validateMatches: re-scores proposed pairs (e.g. from a human or another system) and flags weak ones. */
export function validateMatches(request: ValidateMatchesRequest) {
  const tenant = request.tenant_id ?? 'default';
  const model = request.model ?? defaultModel();
  const results = request.matches.map((m, index) => {
    const s = scorePair(
      prepareRecord(toPartyRecord(m.record_a, 0, tenant)),
      prepareRecord(toPartyRecord(m.record_b, 1, tenant)),
      model,
      decisionOf(request.confidence_threshold ?? 0.8),
    );
    return { index, score: s.probability, decision: s.decision, valid: s.decision === 'MATCH', matched_fields: s.matchedFields };
  });
  const valid_count = results.filter((r) => r.valid).length;
  return { results, valid_count, invalid_count: results.length - valid_count };
}
