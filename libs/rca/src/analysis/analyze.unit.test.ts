import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { CHECKS, HOUR, T0, lastClosedWindow, syntheticEvents } from '../__fixtures__/synthetic.js';
import { createDependencyGraph, lineageEdgesForChecks } from '../graph/dependencyGraph.js';
import { alertsFor } from './alertsFor.js';
import { analyze } from './analyze.js';

const HOURS = 8;
const cause = { source_system: 'billing', region: 'NORTH', checks: ['completeness.customer_email', 'validity.billing_phone'], rate: 0.8, fromHour: HOURS - 1 };
const config = { now: T0 + HOURS * HOUR + 5_000, graph: createDependencyGraph(lineageEdgesForChecks(CHECKS)), statistics: { minPoints: 5, thresholds: [{ metric: 'quality.issue_rate', threshold: 0.5, direction: 'above' as const, horizonMs: 6 * HOUR }] } };

// Reads the contract the finding must satisfy (test-only file access).
function avroType(name: string): avro.Type {
  const root = join(import.meta.dirname, '../../../../schemas/avro');
  const registry = {};
  for (const f of ['common/Lineage', 'common/Envelope', 'common/TimeWindow', 'common/enums/Segment']) avro.Type.forSchema(JSON.parse(readFileSync(join(root, `${f}.avsc`), 'utf8')), { registry });
  return avro.Type.forSchema(JSON.parse(readFileSync(join(root, `derived/${name}.avsc`), 'utf8')), { registry });
}

describe('analyze', () => {
  const { window, baseline } = lastClosedWindow(syntheticEvents({ hours: HOURS, causes: [cause] }), HOURS);
  const finding = analyze(window, baseline, config);

  it('given a planted cause, when analysed, then the finding is a valid RcaFindingRecorded naming billing NORTH first', () => {
    expect(avroType('RcaFindingRecorded').isValid(finding, { errorHook: (path, v) => console.error(path, v) })).toBe(true);
    expect(finding.root_causes[0]).toMatchObject({ rank: 1, dimensions: { source_system: 'billing', region: 'NORTH' } });
    expect(finding.confidence_score).toBeGreaterThan(0.6);
  });

  it('given the finding, then the first recommendation names source, region, field, rate, start and share', () => {
    const text = finding.recommendations[0]!;
    expect(text).toMatch(/^Check billing in region NORTH: field (customer_email missing|billing_phone invalid) in \d+% of its invoices since 2026-11-20T07:\d\dZ \(\d+% of all quality issues in this window\)/);
    expect(text).toContain('customer_email missing');
    expect(finding.recommendations.some((r) => r.startsWith('Fix upstream at source:billing') || r.startsWith('Fix upstream at topic:raw.billing.invoice'))).toBe(true);
  });

  it('given the same window twice, then the finding (and its ids) are identical', () => {
    expect(analyze(window, baseline, config)).toEqual(finding);
    expect(finding.analysis_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('given rules, when alerting, then only rules at or below the finding severity fire, as valid AlertRaised events', () => {
    const alerts = alertsFor(finding, [{ name: 'rca-critical', minSeverity: 'CRITICAL' }, { name: 'kpi-only', minSeverity: 'INFO', metric: 'revenue' }]);
    expect(alerts.map((a) => [a.rule, a.severity])).toEqual([['rca-critical', 'CRITICAL']]);
    expect(avroType('AlertRaised').isValid(alerts[0])).toBe(true);
    expect(alerts[0]!.dimensions).toEqual({ source_system: 'billing', region: 'NORTH' });
  });

  it('given a quiet window, when analysed, then no root cause and no alert', () => {
    const quiet = lastClosedWindow(syntheticEvents({ hours: HOURS, seed: 3 }), HOURS);
    const f = analyze(quiet.window, quiet.baseline, config);
    expect(f.root_causes).toEqual([]);
    expect(alertsFor(f, [{ name: 'any', minSeverity: 'WARNING' }])).toEqual([]);
  });
});
