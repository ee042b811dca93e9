import type { EventName } from '@rivulet/contracts';
import { describe, expect, it } from 'vitest';
import { UnknownTopicError } from './errors.js';
import { planWrites } from './planWrites.js';
import { alert, canonicalInvoice, crmCustomer, golden, kpiFact, matchDecision, projected, qualityCheck, qualityIssue, rcaFinding } from './testing/events.js';

const topics = new Map<string, EventName>([
  ['raw.crm.customer', 'CrmCustomerRecordReceived'], ['canonical.invoice', 'CanonicalInvoiceRecorded'], ['kpi.facts', 'KpiFactRecorded'],
  ['quality.results', 'QualityCheckEvaluated'], ['quality.issues', 'QualityIssueDetected'], ['match.decisions', 'MatchDecisionMade'],
  ['entities.golden', 'GoldenEntityUpdated'], ['rca.findings', 'RcaFindingRecorded'], ['alerts', 'AlertRaised'],
]);

describe('planWrites', () => {
  it('given one event of every kind, when planning, then each lands in its table(s)', () => {
    const writes = planWrites(
      [
        projected(crmCustomer(), { topic: 'raw.crm.customer' }), projected(canonicalInvoice(), { topic: 'canonical.invoice' }), projected(kpiFact(5), { topic: 'kpi.facts' }),
        projected(qualityCheck(), { topic: 'quality.results' }), projected(qualityIssue(), { topic: 'quality.issues' }), projected(matchDecision(), { topic: 'match.decisions' }),
        projected(golden(1), { topic: 'entities.golden' }), projected(null, { topic: 'entities.golden', key: 'tenant-a/ent-2' }), projected(rcaFinding(), { topic: 'rca.findings' }),
        projected(alert(), { topic: 'alerts' }),
      ],
      topics,
    );
    expect(Object.fromEntries(Object.entries(writes).map(([table, rows]) => [table, rows.length]))).toEqual({
      dataSources: 1, canonicalRecords: 1, transformations: 1, qualityChecks: 1, qualityIssues: 1, reconciliations: 1, entityChanges: 2, kpiContributions: 2, rcaAnalyses: 1, alerts: 1,
    });
  });

  it('given a null value on a topic that is not compacted, when planning, then it is skipped', () => {
    expect(planWrites([projected(null, { topic: 'alerts' })], topics).alerts).toEqual([]);
  });

  it('given a topic nobody projects, when planning, then it is a wiring error', () => {
    expect(() => planWrites([projected(alert(), { topic: 'dlq.match' })], topics)).toThrow(UnknownTopicError);
  });
});
