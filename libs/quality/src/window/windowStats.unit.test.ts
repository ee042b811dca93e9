import { describe, expect, it } from 'vitest';
import { evaluateRecord } from '../checks/evaluateRecord.js';
import { compileChecks } from '../checks/parseChecks.js';
import { generateReport } from '../report/generateReport.js';
import { assessVolume } from './volumeBaseline.js';
import { emptyWindowStats, mergeWindowStats, recordWindowStats, summarizeWindow, type WindowStats } from './windowStats.js';

const checks = compileChecks(
  {
    entity: 'order',
    checks: [
      { type: 'missing', field: 'email', severity: 'warn', window: { warn: '5%', fail: '10%' } },
      { type: 'range', field: 'n', min: 0, severity: 'fail' },
      { type: 'duplicate', fields: ['id'], severity: 'warn' },
    ],
  },
  'order.yaml',
);
const key = { source: 'erp', windowStart: 0, windowEnd: 3_600_000 };
const seen = new Set<string>();
const delta = (r: Record<string, unknown>) =>
  recordWindowStats(checks, r, evaluateRecord(checks, r, { now: 0, lookups: { seen: (k) => seen.has(k) || (seen.add(k), false) } }), key);
const records = [
  { id: '1', email: 'a@b.co', n: 1 },
  { id: '2', email: null, n: 1 },
  { id: '2', email: 'c@d.co', n: -5 },
  { id: '3', email: 'e@f.co', n: 2 },
];

describe('window statistics', () => {
  const deltas = records.map(delta);
  const fold = (xs: WindowStats[]) => xs.reduce(mergeWindowStats, emptyWindowStats('erp', 'order', 0, 3_600_000));

  it('given per-record deltas, when merged in any order or grouping, then the result is the same', () => {
    const a = fold(deltas);
    const b = fold([...deltas].reverse());
    const c = mergeWindowStats(fold(deltas.slice(0, 2)), fold(deltas.slice(2)));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('given a window, then completeness, validity, duplicate rate and score follow from the counters', () => {
    const s = summarizeWindow(fold(deltas));
    expect(s.records).toBe(4);
    expect(s.completeness).toMatchObject({ email: 0.75, n: 1, id: 1 });
    expect(s.validity).toBe(0.75);
    expect(s.duplicateRate).toBe(0.25);
    expect(s.passRate).toBe(0.5);
  });

  it('given stats of different windows, then merging refuses', () => {
    expect(() => mergeWindowStats(deltas[0]!, { ...deltas[1]!, windowStart: 1 })).toThrow(RangeError);
  });
});

describe('volume baseline', () => {
  it('given a steady history, then a sudden drop and a spike are flagged and ordinary noise is not', () => {
    const history = [100, 104, 98, 101, 97, 103, 99, 102];
    expect(assessVolume(history, 101).verdict).toBe('normal');
    expect(assessVolume(history, 20)).toMatchObject({ verdict: 'drop', median: 100.5 });
    expect(assessVolume(history, 400).verdict).toBe('spike');
  });

  it('given one earlier outlier in the history, then the baseline is not dragged (robust)', () => {
    expect(assessVolume([100, 101, 99, 5000, 100, 102], 150).verdict).toBe('spike');
  });

  it('given a constant history or too little of it, then MAD = 0 and short histories are handled', () => {
    expect(assessVolume([50, 50, 50, 50], 50).score).toBe(0);
    expect(assessVolume([50, 50, 50, 50], 10).verdict).toBe('drop');
    expect(assessVolume([50, 60], 1000).verdict).toBe('insufficient_history');
  });
});

describe('report', () => {
  it('given window stats, then the JSON has the sections and the HTML escapes every value', () => {
    const hostile = { ...mergeWindowStats(delta({ id: '9', email: null, n: 1 }), emptyWindowStats('erp', 'order', 0, 3_600_000)), source: '<script>alert(1)</script>' };
    const { report, html } = generateReport({ windows: [hostile], checks: { order: checks }, history: { '<script>alert(1)</script>/order': [10, 11, 9, 10] }, generatedAt: 0 });
    expect(report.summary).toMatchObject({ total_records: 1, sections: 1, failing_checks: 1, volume_alerts: 1 });
    expect(report.sections[0]?.checks[0]).toMatchObject({ check: 'completeness.email', status: 'FAIL' });
    expect(report.recommendations.join('\n')).toContain('completeness.email');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });
});
