/**
 * Structural copies of the event contracts this library reads and writes (schemas/avro/derived/*.avsc),
 * limited to the fields RCA uses on input and complete on output. Kept local because @rivulet/contracts has
 * no published entry point yet; the generated types there are assignable to these (checked by a unit test
 * against the .avsc files), so the app can pass decoded events straight in.
 */
export interface Envelope {
  event_id: string;
  tenant_id: string;
  source_system: string;
  event_time: number;
  ingest_time: number;
  schema_version: number;
  lineage: { origin_topic: string; origin_partition: number; origin_offset: number; mapping_version: string | null } | null;
  pii_subject_id: string | null;
  trace_id: string | null;
}

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

export interface TimeWindow { start: number; end: number }

export interface RootCause {
  dimensions: Record<string, string>;
  share: number;
  surprise: number;
  explanatory_power: number;
  rank: number;
}
export interface Correlation { left: string; right: string; coefficient: number; lag_ms: number }
export type TrendDirection = 'UP' | 'DOWN' | 'FLAT';
export interface Trend { metric: string; direction: TrendDirection; slope: number }
export interface Prediction { target: string; probability: number; expected_at: number; description: string }

/** rca.findings (RcaFindingRecorded). */
export interface RcaFinding {
  envelope: Envelope;
  analysis_id: string;
  window: TimeWindow;
  metric: string;
  root_causes: RootCause[];
  correlations: Correlation[];
  trends: Trend[];
  predictions: Prediction[];
  recommendations: string[];
  confidence_score: number;
}

export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';
/** alerts (AlertRaised). */
export interface AlertRaised {
  envelope: Envelope;
  alert_id: string;
  rule: string;
  severity: AlertSeverity;
  message: string;
  finding: { topic: string; event_id: string; analysis_id: string | null } | null;
  dimensions: Record<string, string>;
}
