import type { AlertRaised, AlertSeverity, RcaFinding } from '../contracts.js';
import { uuidV5 } from '../ids.js';

export interface AlertRule {
  name: string;
  /** Lowest finding severity that raises this rule's alert. */
  minSeverity: AlertSeverity;
  /** Only findings of this metric (default: any): `quality.issues`, or a KPI name such as `revenue_invoiced`. */
  metric?: string;
  /**
   * Lowest `confidence_score` (0..1) of a finding that raises this rule's alert (default: none). Confidence is
   * what the threshold compares because every finding has it on the same scale, whatever its metric: how much of
   * the deviation the root causes explain, how clean the top cause is and how much baseline it stands on.
   */
  threshold?: number;
}

const ORDER: Record<AlertSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

/** Severity of a finding: CRITICAL when confident and one cause carries half the problem, WARNING when confident, else INFO. */
export function severityOf(f: RcaFinding): AlertSeverity {
  const top = f.root_causes.find((c) => c.rank === 1);
  if (!top) return 'INFO';
  if (f.confidence_score >= 0.7 && top.share >= 0.5) return 'CRITICAL';
  if (f.confidence_score >= 0.4) return 'WARNING';
  return 'INFO';
}

/**
 * Whether a finding passes a rule: its severity is at least the rule's, its metric is the rule's (when the rule
 * names one) and its confidence_score is at or above the rule's threshold (when it has one).
 */
export function ruleMatches(finding: RcaFinding, rule: AlertRule): boolean {
  return ORDER[severityOf(finding)] >= ORDER[rule.minSeverity]
    && (rule.metric === undefined || rule.metric === finding.metric)
    && (rule.threshold === undefined || finding.confidence_score >= rule.threshold);
}

/** The alerts events a finding raises: one per rule it passes, with ids deterministic from rule and finding. */
export function alertsFor(finding: RcaFinding, rules: readonly AlertRule[]): AlertRaised[] {
  const severity = severityOf(finding);
  const top = finding.root_causes.find((c) => c.rank === 1);
  return rules
    .filter((r) => ruleMatches(finding, r))
    .map((r) => {
      const alertId = uuidV5(`rca-alert|${r.name}|${finding.analysis_id}`);
      return {
        envelope: { ...finding.envelope, event_id: alertId, trace_id: finding.envelope.trace_id },
        alert_id: alertId,
        rule: r.name,
        severity,
        message: finding.recommendations[0] ?? `RCA finding ${finding.analysis_id} on ${finding.metric}`,
        finding: { topic: 'rca.findings', event_id: finding.envelope.event_id, analysis_id: finding.analysis_id },
        dimensions: top?.dimensions ?? {},
      };
    });
}
