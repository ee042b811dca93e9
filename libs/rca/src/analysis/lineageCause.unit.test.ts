import { describe, expect, it } from 'vitest';
import { HOUR, T0, lastClosedWindow } from '../__fixtures__/synthetic.js';
import { REFERENCES, referenceIncidentEvents } from '../__fixtures__/referenceIncident.js';
import { lineageGraphOf } from '../graph/lineageGraph.js';
import { analyze } from './analyze.js';
import { explain } from './explain.js';

const HOURS = 8;
const now = T0 + HOURS * HOUR;
const broken = lastClosedWindow(referenceIncidentEvents({ hours: HOURS }), HOURS);

describe('a defect in one source that breaks checks downstream in others', () => {
  it('given the ERP account feed broken in NORTH, when analysed without a graph, then the search names the symptom (account_id in every source), not ERP', () => {
    const x = explain(broken.window, broken.baseline, { now, graph: null });
    expect(x.upstream).toEqual([]);
    expect(x.causes[0]!.dimensions).toEqual({ region: 'NORTH', field: 'account_id' });
  });

  it('given the lineage the events carry and the reference checks, when analysed, then ERP in NORTH is the first root cause, carrying the whole problem', () => {
    const f = analyze(broken.window, broken.baseline, { now, references: REFERENCES });
    expect(f.root_causes[0]).toMatchObject({ rank: 1, dimensions: { source_system: 'erp', region: 'NORTH' } });
    expect(f.root_causes[0]!.share).toBeGreaterThan(0.95);
    expect(f.root_causes).toHaveLength(1);
    const x = explain(broken.window, broken.baseline, { now, references: REFERENCES });
    expect(x.upstream[0]).toMatchObject({ node: 'source:erp', failingChecks: 3 });
    expect(x.causes[0]!.upstream?.node).toBe('source:erp');
    expect(f.recommendations[0]).toMatch(/^Check erp in region NORTH \(source:erp\): it is upstream of the failing checks on billing invoices, erp orders, erp accounts, \d+% of the excess issues: billing invoice field account_id unresolved in \d+% of its invoices since 2026-11-20T07:\d\dZ \(\d+% of all quality issues in this window\)/);
    expect(f.recommendations).toContain(f.recommendations.find((r) => r.startsWith('Fix upstream at source:erp')));
  });

  it('given the lineage but no reference checks, then nothing links billing invoices to ERP accounts and the symptom stays first', () => {
    const x = explain(broken.window, broken.baseline, { now });
    expect(x.upstream[0]!.node).not.toBe('source:erp');
    expect(x.causes[0]!.dimensions).toEqual({ region: 'NORTH', field: 'account_id' });
    expect(x.causes[0]!.upstream).toBeUndefined();
  });

  it('given two simultaneous causes (ERP feed in NORTH, CRM phone numbers in SOUTH), then both are named, the larger first', () => {
    const two = lastClosedWindow(referenceIncidentEvents({ hours: HOURS, extra: [{ source: 'crm', check: 'invalid.phone', region: 'SOUTH', rate: 0.6 }] }), HOURS);
    const f = analyze(two.window, two.baseline, { now, references: REFERENCES });
    expect(f.root_causes.slice(0, 2).map((c) => c.dimensions)).toEqual([
      { source_system: 'erp', region: 'NORTH' },
      expect.objectContaining({ source_system: 'crm', region: 'SOUTH' }),
    ]);
    expect(f.root_causes[0]!.share + f.root_causes[1]!.share).toBeGreaterThan(0.9);
    expect(f.recommendations.some((r) => /^Check crm .*in region SOUTH.*field phone invalid/.test(r))).toBe(true);
  });

  it('given one source failing on its own, then the lineage keeps naming that source (nothing is merged away)', () => {
    const alone = lastClosedWindow(referenceIncidentEvents({ hours: HOURS, erpBroken: false, extra: [{ source: 'billing', check: 'missing.customer_name', region: 'EAST', rate: 0.7 }] }), HOURS);
    const x = explain(alone.window, alone.baseline, { now, references: REFERENCES });
    expect(x.causes[0]!.dimensions).toMatchObject({ region: 'EAST' });
    expect(x.causes[0]!.upstream).toBeUndefined();
    expect(x.causes[0]!.details.map((d) => [d.source_system, d.field])).toEqual([['billing', 'customer_name']]);
  });

  it('given the windows, then the graph holds source → raw topic → field → check, raw → canonical topic and KPI, and canonical.account → both reference checks', () => {
    const g = lineageGraphOf([...broken.baseline, broken.window], REFERENCES)!;
    for (const [from, to] of [
      ['source:erp', 'topic:raw.erp.account'], ['topic:raw.erp.account', 'topic:canonical.account'],
      ['topic:raw.billing.invoice', 'field:billing.invoice.account_id'], ['field:billing.invoice.account_id', 'check:billing.invoice.reference.account_id'],
      ['topic:canonical.account', 'check:billing.invoice.reference.account_id'], ['topic:canonical.account', 'check:erp.order.reference.account_id'],
      ['topic:raw.billing.invoice', 'kpi:revenue_invoiced'],
    ]) expect(g.hasDirectedEdge(from!, to!), `${from} → ${to}`).toBe(true);
    expect(g.hasNode('topic:canonical.party')).toBe(true);
    expect(g.outDegree('topic:canonical.party')).toBe(0);
  });

  it('given the same events folded in another order, then the finding is identical', () => {
    const events = referenceIncidentEvents({ hours: HOURS });
    const reversed = lastClosedWindow([...events].reverse(), HOURS);
    expect(analyze(reversed.window, reversed.baseline, { now, references: REFERENCES })).toEqual(analyze(broken.window, broken.baseline, { now, references: REFERENCES }));
  });
});
