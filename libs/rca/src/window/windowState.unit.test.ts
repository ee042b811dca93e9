import { describe, expect, it } from 'vitest';
import { HOUR, T0, mulberry32, syntheticEvents } from '../__fixtures__/synthetic.js';
import { closeWindows } from './closeWindows.js';
import { foldEvents, foldIssue, foldKpi } from './foldEvents.js';
import { createWindowState, fromMicro } from './windowState.js';

const config = { sizesMs: [5 * 60_000, HOUR], allowedLatenessMs: 60_000, historySize: 3 };

describe('window state', () => {
  it('given the same events in any order, when folded, then the state is identical (and survives JSON)', () => {
    const events = syntheticEvents({ hours: 2, perCell: 10, noise: 0.05 });
    const shuffled = [...events];
    const rnd = mulberry32(99);
    for (let i = shuffled.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
    const a = foldEvents(createWindowState(config), events);
    let b = createWindowState(config);
    for (let i = 0; i < shuffled.length; i += 37) b = foldEvents(JSON.parse(JSON.stringify(b)), shuffled.slice(i, i + 37));
    expect(JSON.stringify(b, Object.keys(b).sort())).toBe(JSON.stringify(a, Object.keys(a).sort()));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const sortKeys = (s: typeof a) => JSON.stringify(Object.fromEntries(Object.entries(s.open).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, w]) => [k, { ...w, issues: Object.fromEntries(Object.entries(w.issues).sort()), records: Object.fromEntries(Object.entries(w.records).sort()), kpis: Object.fromEntries(Object.entries(w.kpis).sort()) }])));
    expect(sortKeys(b)).toBe(sortKeys(a));
  });

  it('given KPI values whose float sum depends on order, when folded in two orders, then the sums are equal', () => {
    const fact = (value: number) => ({ envelope: { tenant_id: 't' }, kpi: 'k', value, unit: 'x', occurred_at: T0 + 1, dimensions: { region: null, segment: null, source_system: 's' } });
    const vals = [0.1, 0.2, 0.3, 1e9, -1e9];
    const s1 = vals.reduce((s, v) => foldKpi(s, fact(v)), createWindowState(config));
    const s2 = [...vals].reverse().reduce((s, v) => foldKpi(s, fact(v)), createWindowState(config));
    expect(s1).toEqual(s2);
    expect(fromMicro(Object.values(Object.values(s1.open)[0]!.kpis)[0]!.sumMicro)).toBeCloseTo(0.6, 9);
  });

  it('given a watermark past end + lateness, when closing, then the window moves to history and later events count as late', () => {
    const issue = (t: number) => ({ envelope: { tenant_id: 't', event_time: t }, severity: 'WARN' as const, dimensions: { source_system: 'crm', entity: 'customer', field: 'email', check: 'completeness.email', region: null, segment: null } });
    let s = foldIssue(createWindowState(config), issue(T0 + 1000));
    expect(closeWindows(s, T0 + 5 * 60_000 + 59_999).closed).toHaveLength(0);
    const r = closeWindows(s, T0 + 5 * 60_000 + 60_000);
    expect(r.closed.map((c) => c.window.sizeMs)).toEqual([5 * 60_000]);
    s = foldIssue(r.state, issue(T0 + 2000));
    expect(s.lateEvents).toBe(0); // still lands in the open 1 h window
    expect(Object.values(s.open).find((w) => w.sizeMs === HOUR)!.issues[Object.keys(Object.values(s.open)[0]!.issues)[0]!]!.count).toBe(2);
    const closedAll = closeWindows(s, T0 + 2 * HOUR);
    const late = foldIssue(closedAll.state, issue(T0 + 3000));
    expect(late.lateEvents).toBe(1);
    expect(closedAll.state.history['t|3600000']).toHaveLength(1);
  });
});
