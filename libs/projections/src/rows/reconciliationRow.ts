import type { MatchDecisionMade } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, json, recordRefColumns, type RecordRefColumns } from './columns.js';

export type ReconciliationRow = RecordRefColumns<'record'> & {
  event_id: string;
  tenant_id: string;
  entity_id: string;
  previous_entity_id: string | null;
  confidence: number;
  decision: string;
  candidates: string;
  matcher_version: string;
  trace_id: string | null;
  event_time: string;
};

export function reconciliationRow(event: ProjectedEvent<MatchDecisionMade>): ReconciliationRow {
  const v = event.value;
  return {
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    ...recordRefColumns('record', v.record),
    entity_id: v.entity_id,
    previous_entity_id: v.previous_entity_id,
    confidence: v.confidence,
    decision: v.decision,
    candidates: json(v.candidates),
    matcher_version: v.matcher_version,
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
  };
}
