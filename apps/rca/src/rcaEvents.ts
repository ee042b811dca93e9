import type { KpiFactInput, QualityIssueInput, QualityResultInput, RcaEvent } from '@rivulet/rca';

export const RCA_INPUT_TOPICS = ['quality.issues', 'quality.results', 'kpi.facts'] as const;

/** One decoded input event as RCA counts it, with what moves its tenant's watermark. */
export interface TimedRcaEvent {
  tenantId: string;
  event: RcaEvent;
  /** Event time for the watermark: capped at ingest time + max skew, so one wrong clock cannot close every window. */
  watermarkTime: number;
}

interface Envelope { tenant_id: string; event_time: number; ingest_time: number }

/**
 * Decoded quality.issues / quality.results / kpi.facts → RcaEvent; null for a tombstone or another topic.
 *
 * QualityCheckEvaluated carries no region or segment, so results are counted per source and entity only;
 * rates per region fall back to the tenant's overall volume (see libs/rca buildIssueLeaves). Results are
 * counted under their canonical entity (`entity`), the one issue dimensions use; their `record` (source entity,
 * canonical topic) and those of issues and KPI facts go in as they are: libs/rca folds the lineage from them.
 */
export function toRcaEvent(topic: string, value: unknown, maxFutureSkewMs: number): TimedRcaEvent | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as { envelope: Envelope } & Record<string, unknown>;
  const cap = (t: number) => Math.min(t, v.envelope.ingest_time + maxFutureSkewMs);
  switch (topic) {
    case 'quality.issues':
      return { tenantId: v.envelope.tenant_id, event: { kind: 'issue', issue: v as unknown as QualityIssueInput }, watermarkTime: cap(v.envelope.event_time) };
    case 'quality.results': {
      const result = v as unknown as QualityResultInput;
      return { tenantId: v.envelope.tenant_id, event: { kind: 'result', result }, watermarkTime: cap(v.envelope.event_time) };
    }
    case 'kpi.facts': {
      const f = v as unknown as KpiFactInput;
      return { tenantId: v.envelope.tenant_id, event: { kind: 'kpi', fact: f }, watermarkTime: cap(f.occurred_at) };
    }
    default:
      return null;
  }
}
