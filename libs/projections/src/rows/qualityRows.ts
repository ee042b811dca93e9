import type { QualityCheckEvaluated, QualityIssueDetected } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, json, recordRefColumns, type RecordRefColumns } from './columns.js';

export type QualityCheckRow = RecordRefColumns<'record'> & {
  event_id: string;
  tenant_id: string;
  entity: string;
  score: number;
  status: 'PASSED' | 'FAILED';
  checks_evaluated: number;
  failed_checks: string;
  anomaly_score: number | null;
  trace_id: string | null;
  event_time: string;
  /** lineage.mapping_version: the checks (and tenant thresholds) that judged the record. */
  rules_version: string | null;
  result_time: number;
  result_partition: number;
  result_offset: number;
  passed_checks: string;
  window_failed_checks: string;
  field_presence: string;
  invalid: boolean;
  duplicate: boolean;
  in_windows: boolean;
};

/**
 * The current verdict of one record (a later verdict of the same record replaces it, see
 * write/writeQualityChecks.ts); `result_time/partition/offset` are the verdict event's Kafka timestamp and place.
 */
export function qualityCheckRow(event: ProjectedEvent<QualityCheckEvaluated>): QualityCheckRow {
  const v = event.value;
  return {
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    ...recordRefColumns('record', v.record),
    entity: v.entity,
    score: v.score,
    status: v.passed ? 'PASSED' : 'FAILED',
    checks_evaluated: v.checks_evaluated,
    failed_checks: json(v.failed_checks),
    anomaly_score: v.anomaly_score,
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
    rules_version: v.envelope.lineage?.mapping_version ?? null,
    result_time: event.timestamp,
    result_partition: event.partition,
    result_offset: Number(event.offset),
    passed_checks: json(v.passed_checks ?? []),
    window_failed_checks: json(v.window_failed_checks ?? []),
    field_presence: json(v.field_presence ?? {}),
    invalid: v.invalid ?? false,
    duplicate: v.duplicate ?? false,
    in_windows: true,
  };
}

export type QualityIssueRow = RecordRefColumns<'record'> & {
  event_id: string;
  tenant_id: string;
  entity: string;
  field: string | null;
  check_name: string;
  region: string | null;
  segment: string | null;
  severity: string;
  observed_value: string | null;
  expected: string | null;
  message: string;
  trace_id: string | null;
  event_time: string;
  rules_version: string | null;
};

/** One issue; source_system/entity/region/segment are the RCA dimensions the quality processor attached. */
export function qualityIssueRow(event: ProjectedEvent<QualityIssueDetected>): QualityIssueRow {
  const v = event.value;
  return {
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    ...recordRefColumns('record', v.record),
    source_system: v.dimensions.source_system,
    entity: v.dimensions.entity,
    field: v.field,
    check_name: v.check,
    region: v.dimensions.region,
    segment: v.dimensions.segment,
    severity: v.severity,
    observed_value: v.observed_value,
    expected: v.expected,
    message: v.message,
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
    rules_version: v.envelope.lineage?.mapping_version ?? null,
  };
}
