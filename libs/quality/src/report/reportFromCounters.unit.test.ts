import { describe, expect, it } from 'vitest';
import { compileChecks } from '../checks/parseChecks.js';
import { reportFromCounters, windowStatsFromCounters, type WindowCounterRow } from './reportFromCounters.js';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 26, 0);
const checks = compileChecks({ entity: 'invoice', checks: [{ type: 'missing', field: 'region', severity: 'warn', window: { warn: '5%', fail: '20%' } }] }, 'invoice.yaml');

/** Counter rows of one hour as the projector writes them. */
function hour(h: number, records: number, o: { missingRegion?: number; fails?: number; invalid?: number; dup?: number; source?: string } = {}): WindowCounterRow[] {
  const base = { source_system: o.source ?? 'billing', entity: 'invoice', window_start: new Date(T + h * HOUR) };
  const missing = o.missingRegion ?? 0;
  return [
    ['records', '', records], ['status', 'PASS', records - missing - (o.fails ?? 0)], ['status', 'WARN', missing], ['status', 'FAIL', o.fails ?? 0],
    ['score_sum', '', String(records - missing * 0.5)], ['invalid', '', o.invalid ?? 0], ['duplicate', '', o.dup ?? 0],
    ['observed', 'region', records], ['present', 'region', records - missing], ['evaluated', 'completeness.region', records], ['failed', 'completeness.region', missing],
  ].map(([metric, name, value]) => ({ ...base, metric: metric as string, name: name as string, value: String(value) }));
}

describe('report from the read model counters', () => {
  it('given counters of one window, then completeness, validity, duplicates and statuses are read back', () => {
    const [s] = [...windowStatsFromCounters(hour(0, 200, { missingRegion: 20, invalid: 10, dup: 4 }), HOUR).values()];
    expect(s).toMatchObject({ source: 'billing', entity: 'invoice', windowStart: T, windowEnd: T + HOUR, records: 200, invalidRecords: 10, duplicateRecords: 4 });
    expect(s!.statuses).toEqual({ PASS: 180, WARN: 20, FAIL: 0 });
    expect(s!.present.region! / s!.records).toBeCloseTo(0.9);
    expect(s!.checks['completeness.region']).toEqual({ evaluated: 200, failed: 20 });
  });

  it('given a steady source, then a window with far fewer records is a drop, a missing window is an empty drop, and thresholds judge completeness', () => {
    const rows = [...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((h) => hour(h, 100 + (h % 3))), ...hour(8, 30, { missingRegion: 9 }), ...hour(10, 400)];
    const { report, html } = reportFromCounters({ rows, windowMs: HOUR, from: T + 8 * HOUR, to: T + 11 * HOUR, historyWindows: 8, checksFor: () => checks, generatedAt: T + 11 * HOUR });
    expect(report.sections.map((s) => [s.window_start.slice(11, 16), s.records, s.volume.verdict])).toEqual([
      ['08:00', 30, 'drop'],
      ['09:00', 0, 'drop'],
      ['10:00', 400, 'spike'],
    ]);
    const first = report.sections[0]!;
    expect(first).toMatchObject({ completeness: { region: 0.7 }, validity: 1, duplicate_rate: 0 });
    expect(first.checks).toEqual([expect.objectContaining({ check: 'completeness.region', failed: 9, evaluated: 30, status: 'FAIL' })]);
    expect(report.summary).toMatchObject({ total_records: 430, sections: 3, volume_alerts: 3 });
    expect(report.recommendations.join('\n')).toMatch(/volume dropped to 0/);
    expect(html).toContain('billing / invoice');
  });

  it('given a source that started inside the history, then windows before its first are neither sections nor zero history', () => {
    const rows = [...hour(5, 100, { source: 'erp' }), ...hour(6, 100, { source: 'erp' }), ...hour(7, 100, { source: 'erp' })];
    const { report } = reportFromCounters({ rows, windowMs: HOUR, from: T, to: T + 8 * HOUR, historyWindows: 24, generatedAt: 0 });
    expect(report.sections.map((s) => s.window_start.slice(11, 16))).toEqual(['05:00', '06:00', '07:00']);
    expect(report.sections.map((s) => s.volume.verdict)).toEqual(['insufficient_history', 'insufficient_history', 'insufficient_history']);
  });
});
