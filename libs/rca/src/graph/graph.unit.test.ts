import { describe, expect, it } from 'vitest';
import { CHECKS } from '../__fixtures__/synthetic.js';
import { createDependencyGraph, lineageEdgesForChecks, nodeId } from './dependencyGraph.js';
import { rankUpstream } from './rankUpstream.js';

describe('dependency graph', () => {
  const extra = [
    { source_system: 'billing', entity: 'invoice', topic: 'raw.billing.invoice', field: 'amount_due_minor', check: 'validity.amount_due', kpis: ['revenue_invoiced'] },
  ];
  const graph = createDependencyGraph(lineageEdgesForChecks([...CHECKS, ...extra]));

  it('given every check of one source failing, when ranking, then the source node outranks its topic, fields and checks', () => {
    const failing = {
      [nodeId.check('billing', 'invoice', 'completeness.customer_email')]: 40,
      [nodeId.check('billing', 'invoice', 'validity.billing_phone')]: 35,
      [nodeId.check('billing', 'invoice', 'validity.amount_due')]: 30,
      [nodeId.check('crm', 'customer', 'completeness.email')]: 2,
    };
    const ranked = rankUpstream(graph, failing);
    expect(ranked[0]!.node).toBe('source:billing');
    expect(ranked[0]!.coverage).toBeCloseTo(105 / 107, 9);
    expect(ranked.findIndex((r) => r.node.startsWith('check:billing'))).toBeGreaterThan(ranked.findIndex((r) => r.node === 'topic:raw.billing.invoice'));
  });

  it('given one check failing alone, when ranking, then its field (same evidence, more upstream) beats the check and the source, which also feeds healthy checks', () => {
    const ranked = rankUpstream(graph, { [nodeId.check('crm', 'customer', 'validity.country')]: 10 });
    expect(ranked.slice(0, 2).map((r) => r.node)).toEqual(['field:crm.customer.country', 'check:crm.customer.validity.country']);
    expect(ranked.find((r) => r.node === 'source:crm')!.specificity).toBeCloseTo(0.5, 9);
  });
});
