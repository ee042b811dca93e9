/**
 * What RCA reads, as the subset of the generated event types (@rivulet/contracts, from schemas/avro) it
 * uses, so the app can pass decoded events straight in; what it writes is the generated types themselves.
 */
import type { Envelope } from '@rivulet/contracts';

export interface QualityDimensions {
  source_system: string;
  entity: string;
  field: string | null;
  check: string;
  region: string | null;
  segment: string | null;
}

/** quality.issues (QualityIssueDetected): one failed check on one record. */
export interface QualityIssueInput {
  envelope: Pick<Envelope, 'tenant_id' | 'event_time'>;
  severity: 'WARN' | 'FAIL';
  dimensions: QualityDimensions;
}

/** quality.results (QualityCheckEvaluated): the verdict on one record, counted as the denominator of issue rates. */
export interface QualityResultInput {
  envelope: Pick<Envelope, 'tenant_id' | 'event_time'>;
  record: { source_system: string; entity: string };
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
}

export type {
  AlertRaised, AlertSeverity, Correlation, Envelope, Prediction, RcaFindingRecorded as RcaFinding, RootCause, TimeWindow, Trend,
  TrendDirection,
} from '@rivulet/contracts';
