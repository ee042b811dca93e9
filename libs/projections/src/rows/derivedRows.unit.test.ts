import { describe, expect, it } from 'vitest';
import { alert, matchDecision, projected, qualityCheck, qualityIssue, rcaFinding, T0, TRACE } from '../testing/events.js';
import { alertRow } from './alertRow.js';
import { qualityCheckRow, qualityIssueRow } from './qualityRows.js';
import { rcaAnalysisRow } from './rcaAnalysisRow.js';
import { reconciliationRow } from './reconciliationRow.js';

const traced = { headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` } };

describe('derived event rows', () => {
  it('given a failed record verdict, when building, then status is FAILED and failed checks are JSON', () => {
    const row = qualityCheckRow(projected(qualityCheck({ event_id: 'q1' }), traced));
    expect(row).toMatchObject({ event_id: 'q1', record_event_id: 'raw-1', record_id: 'INV-1', entity: 'invoice', score: 0.75, status: 'FAILED', checks_evaluated: 4, anomaly_score: null, trace_id: TRACE });
    expect(JSON.parse(row.failed_checks)).toEqual(['validity.currency']);
  });

  it('given a quality issue, when building, then its RCA dimensions become columns', () => {
    expect(qualityIssueRow(projected(qualityIssue({ event_id: 'i1' })))).toMatchObject({
      event_id: 'i1', source_system: 'billing', entity: 'invoice', field: 'amount_due.currency', check_name: 'validity.currency', region: 'north', segment: 'SMB',
      severity: 'FAIL', observed_value: 'XXX', expected: 'ISO 4217', message: 'unknown currency', event_time: new Date(T0).toISOString(),
    });
  });

  it('given a match decision, when building, then the record, entity and candidates are kept', () => {
    const row = reconciliationRow(projected(matchDecision({ event_id: 'm1' })));
    expect(row).toMatchObject({ event_id: 'm1', record_entity: 'customer', entity_id: 'ent-1', confidence: 0.97, decision: 'MATCH', matcher_version: 'fs-1', previous_entity_id: null });
    expect(JSON.parse(row.candidates)).toEqual([{ entity_id: 'ent-1', score: 0.97, matched_fields: ['email'] }]);
  });

  it('given an RCA finding, when building, then the window and analysis parts are kept', () => {
    const row = rcaAnalysisRow(projected(rcaFinding({ event_id: 'r1' })));
    expect(row).toMatchObject({ analysis_id: 'an-1', event_id: 'r1', metric: 'quality.fail_rate', window_start: new Date(T0 - 3_600_000).toISOString(), window_end: new Date(T0).toISOString(), confidence: 0.9 });
    expect(JSON.parse(row.recommendations)).toEqual(['check the billing export']);
  });

  it('given an alert, when building, then the finding reference is flattened', () => {
    expect(alertRow(projected(alert({ event_id: 'a1' })))).toMatchObject({
      alert_id: 'al-1', event_id: 'a1', rule: 'quality_fail_rate', severity: 'CRITICAL', finding_topic: 'rca.findings', finding_event_id: 'evt-rca', finding_analysis_id: 'an-1',
      dimensions: '{"region":"north"}', created_at: new Date(T0).toISOString(),
    });
  });

  it('given a finding and an alert published without trace context, when two projector runs (live, rebuild) consume them under their own fresh spans, then both write the same rows with no trace id (issue #10)', () => {
    const [live, rebuild] = [{ traceId: 'a'.repeat(32) }, { traceId: 'b'.repeat(32) }];
    const finding = rcaFinding({ event_id: 'r1' });
    const raised = alert({ event_id: 'a1' });
    expect(rcaAnalysisRow(projected(finding, live))).toEqual(rcaAnalysisRow(projected(finding, rebuild)));
    expect(alertRow(projected(raised, live))).toEqual(alertRow(projected(raised, rebuild)));
    expect(rcaAnalysisRow(projected(finding, live)).trace_id).toBeNull();
    expect(alertRow(projected(raised, live)).trace_id).toBeNull();
  });
});
