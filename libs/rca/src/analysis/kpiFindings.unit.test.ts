import { describe, expect, it } from 'vitest';
import { HOUR, T0, lastClosedWindow, syntheticEvents } from '../__fixtures__/synthetic.js';
import { toMicro, type WindowAggregate } from '../window/windowState.js';
import { alertsFor } from './alertsFor.js';
import { analyzeWindow } from './analyze.js';
import { kpiMovements } from './kpiFindings.js';

const HOURS = 8;
const now = T0 + HOURS * HOUR;

/** An hourly window holding only KPI sums, per [kpi, source, region, segment]. */
function kpiWindow(hour: number, cells: Record<string, number>): WindowAggregate {
  const kpis = Object.fromEntries(Object.entries(cells).map(([k, v]) => [JSON.stringify(['orders_booked', ...k.split('/')]), { count: 10, sumMicro: toMicro(v).toString(), unit: 'EUR' }]));
  return { tenantId: 't1', sizeMs: HOUR, start: T0 + hour * HOUR, end: T0 + (hour + 1) * HOUR, issues: {}, records: {}, kpis, lineage: {} };
}
const cells = (h: number, dropErpSouthSmb = false): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of ['erp', 'shop']) for (const r of ['NORTH', 'SOUTH']) for (const g of ['SMB', 'CONSUMER']) {
    out[`${s}/${r}/${g}`] = dropErpSouthSmb && s === 'erp' && r === 'SOUTH' && g === 'SMB' ? 100 : 1000 + ((h * 7 + s.length + r.length + g.length) % 5) * 10;
  }
  return out;
};

describe('KPI findings', () => {
  it('given a KPI that drops in one source/region/segment with no quality issue at all, then one finding on that KPI names that combination', () => {
    const baseline = [0, 1, 2, 3, 4].map((h) => kpiWindow(h, cells(h)));
    const window = kpiWindow(5, cells(5, true));
    const { quality, kpis } = analyzeWindow(window, baseline, { now, graph: null });
    expect(quality.root_causes).toEqual([]);
    expect(kpis).toHaveLength(1);
    expect(kpis[0]).toMatchObject({ metric: 'orders_booked', root_causes: [{ rank: 1, dimensions: { source_system: 'erp', region: 'SOUTH', segment: 'SMB' } }] });
    expect(kpis[0]!.root_causes[0]!.share).toBeGreaterThan(0.9);
    expect(kpis[0]!.recommendations[0]).toMatch(/^Check orders_booked from source erp, region SOUTH, segment SMB: down 9\d\d EUR \(100 EUR against 10\d\d EUR expected\), 100% of the movement\.$/);
    expect(kpis[0]!.confidence_score).toBeGreaterThan(0.7);
  });

  it('given the same KPI with only its usual noise, then no movement and no finding', () => {
    const baseline = [0, 1, 2, 3, 4].map((h) => kpiWindow(h, cells(h)));
    expect(kpiMovements(kpiWindow(5, cells(5)), baseline)).toEqual([]);
  });

  it('given fewer baseline windows than minBaseline, then nothing is called abnormal', () => {
    expect(kpiMovements(kpiWindow(5, cells(5, true)), [kpiWindow(4, cells(4))])).toEqual([]);
  });

  const cause = { source_system: 'billing', region: 'NORTH', checks: ['completeness.customer_email', 'validity.billing_phone'], rate: 0.8, fromHour: HOURS - 1 };
  const incident = lastClosedWindow(syntheticEvents({ hours: HOURS, causes: [cause] }), HOURS);
  const findings = analyzeWindow(incident.window, incident.baseline, { now });

  it('given billing NORTH failing (its invoices then carry no revenue), then revenue_invoiced has a finding that names billing NORTH first', () => {
    expect(findings.kpis.map((f) => f.metric)).toEqual(['revenue_invoiced']);
    const revenue = findings.kpis[0]!;
    expect(revenue.root_causes[0]).toMatchObject({ rank: 1, dimensions: { source_system: 'billing', region: 'NORTH' } });
    expect(revenue.analysis_id).not.toBe(findings.quality.analysis_id);
    expect(revenue.recommendations.at(-1)).toMatch(/^revenue_invoiced fell \d+% below its baseline/);
  });

  it('given a rule on revenue_invoiced, then it fires on the KPI finding and not on the quality finding; a threshold above its confidence silences it', () => {
    const revenue = findings.kpis[0]!;
    const rule = { name: 'revenue-drop', metric: 'revenue_invoiced', minSeverity: 'WARNING' as const, threshold: 0.2 };
    expect(alertsFor(revenue, [rule]).map((a) => [a.rule, a.dimensions])).toEqual([['revenue-drop', { source_system: 'billing', region: 'NORTH' }]]);
    expect(alertsFor(findings.quality, [rule])).toEqual([]);
    expect(alertsFor(revenue, [{ ...rule, threshold: Math.min(1, revenue.confidence_score + 0.01) }])).toEqual([]);
  });

  it('given the same window twice, then the KPI findings are identical', () => {
    expect(analyzeWindow(incident.window, incident.baseline, { now }).kpis).toEqual(findings.kpis);
  });

  it('given a quiet window, then no KPI finding', () => {
    const quiet = lastClosedWindow(syntheticEvents({ hours: HOURS, seed: 3 }), HOURS);
    expect(analyzeWindow(quiet.window, quiet.baseline, { now }).kpis).toEqual([]);
  });
});
