import { describe, expect, it } from 'vitest';
import { HOUR, T0, lastClosedWindow, syntheticEvents } from '../__fixtures__/synthetic.js';
import { alertsFor, ruleMatches, severityOf } from './alertsFor.js';
import { analyze } from './analyze.js';

const HOURS = 8;
const cause = { source_system: 'billing', region: 'NORTH', checks: ['completeness.customer_email'], rate: 0.8, fromHour: HOURS - 1 };

describe('alert rule thresholds', () => {
  const { window, baseline } = lastClosedWindow(syntheticEvents({ hours: HOURS, causes: [cause] }), HOURS);
  const above = analyze(window, baseline, { now: T0 + HOURS * HOUR });
  // The same finding, less sure of itself but still WARNING: only the threshold can tell them apart.
  const below = { ...above, confidence_score: 0.45 };
  const rule = { name: 'confident', minSeverity: 'WARNING' as const, threshold: 0.5 };

  it('given a rule with threshold 0.5, when a finding has confidence above it, then the rule fires', () => {
    expect(above.confidence_score).toBeGreaterThan(0.5);
    expect(ruleMatches(above, rule)).toBe(true);
    expect(alertsFor(above, [rule]).map((a) => a.rule)).toEqual(['confident']);
  });

  it('given the same rule, when a finding of the same severity has confidence below it, then no alert', () => {
    expect(severityOf(below)).toBe('WARNING');
    expect(ruleMatches(below, rule)).toBe(false);
    expect(alertsFor(below, [rule])).toEqual([]);
  });

  it('given a threshold equal to the confidence, then it fires (at or above)', () => {
    expect(ruleMatches(below, { ...rule, threshold: 0.45 })).toBe(true);
  });

  it('given a rule without threshold, then severity and metric alone decide', () => {
    expect(ruleMatches(below, { name: 'any', minSeverity: 'WARNING' })).toBe(true);
    expect(ruleMatches(below, { name: 'kpi', minSeverity: 'WARNING', metric: 'revenue_invoiced' })).toBe(false);
  });
});
