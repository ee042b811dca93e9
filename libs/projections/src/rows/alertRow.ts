import type { AlertRaised } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, json } from './columns.js';

export interface AlertRow {
  tenant_id: string;
  alert_id: string;
  event_id: string;
  rule: string;
  severity: string;
  message: string;
  finding_topic: string | null;
  finding_event_id: string | null;
  finding_analysis_id: string | null;
  dimensions: string;
  created_at: string;
  trace_id: string | null;
}

/** A new alert, unacknowledged (the acknowledged columns are the API's and keep their defaults). */
export function alertRow(event: ProjectedEvent<AlertRaised>): AlertRow {
  const v = event.value;
  return {
    tenant_id: v.envelope.tenant_id,
    alert_id: v.alert_id,
    event_id: v.envelope.event_id,
    rule: v.rule,
    severity: v.severity,
    message: v.message,
    finding_topic: v.finding?.topic ?? null,
    finding_event_id: v.finding?.event_id ?? null,
    finding_analysis_id: v.finding?.analysis_id ?? null,
    dimensions: json(v.dimensions),
    created_at: isoTime(v.envelope.event_time),
    trace_id: traceIdOf(event, v.envelope),
  };
}
