import type { RcaFindingRecorded } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, json } from './columns.js';

export interface RcaAnalysisRow {
  tenant_id: string;
  analysis_id: string;
  event_id: string;
  metric: string;
  window_start: string;
  window_end: string;
  root_causes: string;
  correlations: string;
  trends: string;
  predictions: string;
  recommendations: string;
  confidence: number;
  trace_id: string | null;
  event_time: string;
}

export function rcaAnalysisRow(event: ProjectedEvent<RcaFindingRecorded>): RcaAnalysisRow {
  const v = event.value;
  return {
    tenant_id: v.envelope.tenant_id,
    analysis_id: v.analysis_id,
    event_id: v.envelope.event_id,
    metric: v.metric,
    window_start: isoTime(v.window.start),
    window_end: isoTime(v.window.end),
    root_causes: json(v.root_causes),
    correlations: json(v.correlations),
    trends: json(v.trends),
    predictions: json(v.predictions),
    recommendations: json(v.recommendations),
    confidence: v.confidence_score,
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
  };
}
