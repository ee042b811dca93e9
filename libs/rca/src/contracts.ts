/**
 * What RCA reads, as the subset of the generated event types (@rivulet/contracts, from schemas/avro) it
 * uses, so the app can pass decoded events straight in; what it writes is the generated types themselves.
 */
import type { Envelope, RecordRef } from '@rivulet/contracts';

export interface QualityDimensions {
  source_system: string;
  entity: string;
  field: string | null;
  check: string;
  region: string | null;
  segment: string | null;
}

/**
 * Where the record behind an event came from (RecordRef): source system, source entity and the topic the event
 * was computed from. Optional: without it an event is counted but adds nothing to the lineage graph.
 */
export type RecordOrigin = Pick<RecordRef, 'source_system' | 'entity' | 'topic'>;

/** quality.issues (QualityIssueDetected): one failed check on one record. */
export interface QualityIssueInput {
  envelope: Pick<Envelope, 'tenant_id' | 'event_time'>;
  severity: 'WARN' | 'FAIL';
  dimensions: QualityDimensions;
  /** record.topic is the canonical topic the check read; the raw topic is raw.<source_system>.<entity>. */
  record?: RecordOrigin;
}

/** quality.results (QualityCheckEvaluated): the verdict on one record, counted as the denominator of issue rates. */
export interface QualityResultInput {
  envelope: Pick<Envelope, 'tenant_id' | 'event_time'>;
  /** record.entity is the source entity; `entity` (when given) the canonical one, which is what issues are counted by. */
  record: { source_system: string; entity: string; topic?: string };
  entity?: string;
  passed: boolean;
  score: number;
}

/** kpi.facts (KpiFactRecorded). */
export interface KpiFactInput {
  envelope: Pick<Envelope, 'tenant_id'>;
  kpi: string;
  value: number;
  unit: string;
  occurred_at: number;
  dimensions: { region: string | null; segment: string | null; source_system: string };
  /** The raw record the fact was computed from (record.topic is the raw topic). */
  record?: RecordOrigin;
}

export type {
  AlertRaised, AlertSeverity, Correlation, Envelope, Prediction, RcaFindingRecorded as RcaFinding, RootCause, TimeWindow, Trend,
  TrendDirection,
} from '@rivulet/contracts';
