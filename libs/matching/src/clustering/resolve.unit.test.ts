import { describe, expect, it } from 'vitest';
import { person } from '../__fixtures__/person.js';
import { entityIdFor } from '../deterministicId.js';
import type { PartyRecord } from '../partyRecord.js';
import { defaultResolveConfig, resolve, type ScoredCandidate } from './resolve.js';
import { applyStateChanges, emptyState, type ResolutionState } from './resolutionState.js';

const model = { version: 'test-model' };
const ent = (k: string, tenant = 't1') => entityIdFor(`${tenant}/${k}`);
const cand = (party_key: string, probability: number, tenant_id = 't1'): ScoredCandidate => ({
  tenant_id,
  party_key,
  probability,
  matched_fields: ['email'],
});

function feed(steps: [PartyRecord, ScoredCandidate[]][], state: ResolutionState = emptyState()) {
  let out = { state, decisions: [], goldenUpdates: [] } as unknown as ReturnType<typeof resolve>;
  for (const [r, c] of steps) out = resolve(out.state, r, c, model, defaultResolveConfig, { now: 5 });
  return out;
}

describe('resolve', () => {
  it('given an empty state, when a record arrives, then it founds a NEW entity named after its key', () => {
    const out = feed([[person('a'), []]]);
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]).toMatchObject({ decision: 'NEW', entity_id: ent('a'), previous_entity_id: null, confidence: 1 });
    expect(out.goldenUpdates.map((g) => [g.key, g.value?.version])).toEqual([[`t1/${ent('a')}`, 1]]);
    expect(out.state.entityOf['t1/a']).toBe(ent('a'));
  });

  it('given an entity, when a record scores above the threshold against it, then it joins (MATCH)', () => {
    const out = feed([[person('a'), []], [person('b'), [cand('a', 0.95)]]]);
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]).toMatchObject({ decision: 'MATCH', entity_id: ent('a'), confidence: 0.95 });
    expect(out.decisions[0]!.candidates).toEqual([{ entity_id: ent('a'), score: 0.95, matched_fields: ['email'] }]);
    const golden = out.goldenUpdates[0]!.value!;
    expect([golden.version, golden.members.length]).toEqual([2, 2]);
  });

  it('given a record bridging two entities, when resolved, then they MERGE and the absorbed one is tombstoned', () => {
    const out = feed([[person('a'), []], [person('c'), []], [person('b'), [cand('a', 0.95), cand('c', 0.9)]]]);
    expect(out.state.entities[ent('a')]!.members).toEqual(['t1/a', 't1/b', 't1/c']);
    const moved = out.decisions.find((d) => d.record.record_id === 'c')!;
    expect(moved).toMatchObject({ decision: 'MATCH', entity_id: ent('a'), previous_entity_id: ent('c') });
    const forC = out.goldenUpdates.filter((g) => g.key === `t1/${ent('c')}`);
    expect(forC.map((g) => g.value?.merged_into ?? null)).toEqual([ent('a'), null]);
    expect(out.state.entities[ent('c')]).toMatchObject({ active: false, merged_into: ent('a'), members: [] });
  });

  it('given a chain a-b-c, when b is updated and no longer links, then the entity SPLITs', () => {
    const chain = feed([[person('a'), []], [person('b'), [cand('a', 0.95)]], [person('c'), [cand('b', 0.95)]]]);
    expect(chain.state.entities[ent('a')]!.members).toHaveLength(3);
    const out = feed([[person('b', { email: 'new@example.com' }), []]], chain.state);
    const byRecord = Object.fromEntries(out.decisions.map((d) => [d.record.record_id, d]));
    expect(byRecord.b).toMatchObject({ decision: 'SPLIT', entity_id: ent('b'), previous_entity_id: ent('a') });
    expect(byRecord.c).toMatchObject({ decision: 'SPLIT', entity_id: ent('c'), previous_entity_id: ent('a') });
    expect(out.state.entities[ent('a')]!.members).toEqual(['t1/a']);
    expect(out.state.links['t1/c']).toEqual({});
  });

  it('given two tenants, when a candidate of the other tenant is passed, then it is ignored', () => {
    const out = feed([[person('a', { tenant_id: 't2' }), []], [person('a'), [cand('a', 0.99, 't2')]]]);
    expect(out.decisions[0]).toMatchObject({ decision: 'NEW', entity_id: ent('a', 't1') });
    expect(out.state.entityOf['t1/a']).not.toBe(out.state.entityOf['t2/a']);
  });

  it('given a score in the review band, when resolved, then it is assigned and flagged REVIEW (or NEW if review_joins is off)', () => {
    const out = feed([[person('a'), []], [person('b'), [cand('a', 0.6)]]]);
    expect(out.decisions[0]).toMatchObject({ decision: 'REVIEW', entity_id: ent('a'), confidence: 0.6 });
    const off = resolve(feed([[person('a'), []]]).state, person('b'), [cand('a', 0.6)], model, {
      ...defaultResolveConfig,
      review_joins: false,
    });
    expect(off.decisions[0]).toMatchObject({ decision: 'NEW', entity_id: ent('b') });
  });

  it('given a member with a smaller key joins, when resolved, then the entity is renamed like a merge', () => {
    const out = feed([[person('b'), []], [person('a'), [cand('b', 0.9)]]]);
    expect(out.decisions.find((d) => d.record.record_id === 'b')).toMatchObject({
      decision: 'MATCH',
      entity_id: ent('a'),
      previous_entity_id: ent('b'),
    });
    expect(out.goldenUpdates.filter((g) => g.value === null).map((g) => g.key)).toEqual([`t1/${ent('b')}`]);
  });

  it('given the same scores, when records arrive in different orders, then entities and ids are identical', () => {
    const scores: Record<string, number> = { 'a|b': 0.95, 'b|c': 0.9, 'c|d': 0.2, 'd|e': 0.99 };
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const run = (order: string[]) => {
      const seen: string[] = [];
      const steps = order.map((k): [PartyRecord, ScoredCandidate[]] => {
        const c = seen.flatMap((s) => {
          const p = scores[[k, s].sort().join('|')];
          return p === undefined ? [] : [cand(s, p)];
        });
        seen.push(k);
        return [person(k), c];
      });
      return feed(steps).state;
    };
    const forward = run(keys);
    const backward = run([...keys].reverse());
    expect(backward.entityOf).toEqual(forward.entityOf);
    expect(new Set(Object.values(forward.entityOf))).toEqual(new Set([ent('a'), ent('d')]));
  });

  it('given a result, when its stateChanges are applied to the input state, then the returned state results', () => {
    const before = feed([[person('a'), []], [person('c'), []]]).state;
    const out = resolve(before, person('b'), [cand('a', 0.95), cand('c', 0.9)], model);
    expect(applyStateChanges(before, out.stateChanges)).toEqual(out.state);
    expect(before.entities[ent('c')]!.active).toBe(true);
  });
});
