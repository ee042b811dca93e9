import { describe, expect, it } from 'vitest';
import { lastClosedWindow, syntheticEvents } from '../__fixtures__/synthetic.js';
import { RECORD_DIMENSIONS, ISSUE_DIMENSIONS } from '../window/windowState.js';
import { adtributor } from './adtributor.js';
import { combinationSearch } from './combinationSearch.js';
import { buildIssueLeaves, projectLeaves } from './leaves.js';
import { jsSurprise } from './surprise.js';

const HOURS = 8;
function localise(causes: Parameters<typeof syntheticEvents>[0]['causes'], seed = 7, noise = 0.01) {
  const { window, baseline } = lastClosedWindow(syntheticEvents({ hours: HOURS, causes, seed, noise }), HOURS);
  const leaves = buildIssueLeaves(window, baseline);
  return { leaves, combos: combinationSearch(projectLeaves(leaves, RECORD_DIMENSIONS), RECORD_DIMENSIONS) };
}
const billingNorth = { source_system: 'billing', region: 'NORTH', checks: ['completeness.customer_email', 'validity.billing_phone'], rate: 0.8, fromHour: HOURS - 1 };
const crmSouth = { source_system: 'crm', region: 'SOUTH', checks: ['validity.country'], rate: 0.5, fromHour: HOURS - 1 };

describe('localisation', () => {
  it('given equal shares, when the JS surprise is computed, then it is 0; given a new element, then it is q/2', () => {
    expect(jsSurprise(0.3, 0.3)).toBe(0);
    expect(jsSurprise(0, 0.4)).toBeCloseTo(0.2, 12);
  });

  it('given one planted cause, when searching combinations, then {billing, NORTH} ranks first with most of the share', () => {
    const { combos } = localise([billingNorth]);
    expect(combos[0]!.dimensions).toEqual({ source_system: 'billing', region: 'NORTH' });
    expect(combos[0]!.share).toBeGreaterThan(0.9);
    expect(combos[0]!.ripple).toBeGreaterThan(0.5);
  });

  it('given two simultaneous causes, when searching, then both are found and the larger share comes first', () => {
    const { combos } = localise([billingNorth, crmSouth]);
    const found = combos.slice(0, 2).map((c) => c.dimensions);
    expect(found).toContainEqual({ source_system: 'billing', region: 'NORTH' });
    expect(found).toContainEqual({ source_system: 'crm', region: 'SOUTH' });
    const [a, b] = combos;
    expect(a!.dimensions).toEqual({ source_system: 'billing', region: 'NORTH' }); // 2 checks × 0.8 vs 1 check × 0.5
    expect(a!.share).toBeGreaterThan(b!.share);
    expect(a!.share + b!.share).toBeGreaterThan(0.9);
  });

  it('given only noise (5 seeds), when searching, then nothing significant is localised', () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(localise([], seed, 0.02).combos.filter((c) => c.share > 0.3 && c.actual > 2 * c.forecast)).toEqual([]);
  });

  it('given heavier noise (5%), when the cause is planted, then it is still first', () => {
    for (const seed of [11, 12, 13]) expect(localise([billingNorth], seed, 0.05).combos[0]!.dimensions).toEqual({ source_system: 'billing', region: 'NORTH' });
  });

  it('given the same input twice, when searching, then the output is identical', () => {
    expect(localise([billingNorth, crmSouth]).combos).toEqual(localise([billingNorth, crmSouth]).combos);
  });

  it('given one cause, when Adtributor runs, then region NORTH and source billing are the surprising elements', () => {
    const { leaves } = localise([billingNorth]);
    const dims = adtributor(leaves, ISSUE_DIMENSIONS, { k: 6 });
    const region = dims.find((d) => d.dimension === 'region')!;
    expect(region.elements.map((e) => e.value)).toEqual(['NORTH']);
    expect(region.elements[0]!.explanatoryPower).toBeGreaterThan(0.9);
    expect(dims.find((d) => d.dimension === 'source_system')!.elements[0]!.value).toBe('billing');
    const fields = dims.find((d) => d.dimension === 'field')!.elements.map((e) => e.value).sort();
    expect(fields).toEqual(['billing_phone', 'customer_email']);
  });
});
