import { describe, expect, it } from 'vitest';
import { caughtUpWithEnd, checkpointsReached, offsetsApplied, readyToSwap } from './checkpointsReached.js';
import { planRebuild } from './rebuildPlan.js';

const c = (topic: string, partition: number, next: number) => ({ topic, partition, nextOffset: BigInt(next) });

describe('checkpointsReached', () => {
  it('given the shadow at or past every live checkpoint, when compared, then it is reached', () => {
    expect(checkpointsReached([c('a', 0, 10), c('a', 1, 3)], [c('a', 0, 10), c('a', 1, 2)])).toBe(true);
  });
  it('given one partition behind or missing, when compared, then it is not', () => {
    expect(checkpointsReached([c('a', 0, 9)], [c('a', 0, 10)])).toBe(false);
    expect(checkpointsReached([], [c('a', 0, 1)])).toBe(false);
    expect(checkpointsReached([], [])).toBe(true);
  });
});

describe('caughtUpWithEnd and offsetsApplied', () => {
  const end = { a: { 0: '10', 1: '0' } };
  it('given a transactional partition ending with its commit marker, when compared, then end - 1 counts as caught up', () => {
    expect(caughtUpWithEnd([c('a', 0, 9)], end)).toBe(true);
    expect(caughtUpWithEnd([c('a', 0, 8)], end)).toBe(false);
  });
  it('given checkpoints past the captured end, when summed, then done never exceeds total', () => {
    expect(offsetsApplied([c('a', 0, 25)], end)).toEqual({ done: 10, total: 10 });
  });
});

describe('readyToSwap', () => {
  const end = { a: { 0: '919', 1: '10' } };
  it('given a partition whose tail is an aborted transaction, when the shadow stands where the live model stands, then it is ready', () => {
    expect(readyToSwap([c('a', 0, 917), c('a', 1, 9)], end, [c('a', 0, 917), c('a', 1, 10)])).toBe(true);
    expect(caughtUpWithEnd([c('a', 0, 917), c('a', 1, 9)], end)).toBe(false);
  });
  it('given the shadow behind the live model, or short of the end where the live model never was, when checked, then it is not', () => {
    expect(readyToSwap([c('a', 0, 916), c('a', 1, 9)], end, [c('a', 0, 917)])).toBe(false);
    expect(readyToSwap([c('a', 0, 917), c('a', 1, 5)], end, [c('a', 0, 917)])).toBe(false);
    expect(readyToSwap([c('a', 0, 918), c('a', 1, 9)], end, [])).toBe(true);
  });
});

describe('planRebuild', () => {
  it('given a start time, when planned, then names the shadow schema, the retired schema and a new group', () => {
    const plan = planRebuild({ projection: 'read-models', liveSchema: 'public', topics: ['a'], endOffsets: { a: { 0: '7', 1: '3' } }, now: new Date(Date.UTC(2026, 10, 20, 10, 5, 9)) });
    expect(plan).toMatchObject({ id: 'rebuild_20261120100509000', shadowSchema: 'rebuild_20261120100509000', retiredSchema: 'rebuild_20261120100509000_previous', groupId: 'rivulet.replay.read-models.rebuild_20261120100509000', total: 10 });
    expect(plan.tables).toContain('quality_checks');
  });
  it('given a tenant, when planned, then the names carry a hash of the tenant (two tenants in one second differ) and not the tenant itself', () => {
    const at = { projection: 'live', liveSchema: 'public', topics: ['a'], endOffsets: { a: { 0: '1' } }, now: new Date(Date.UTC(2026, 10, 20, 10, 5, 9)) };
    const a = planRebuild({ ...at, tenant: 'acme' });
    const b = planRebuild({ ...at, tenant: 'globex' });
    expect(a.id).toMatch(/^rebuild_20261120100509000_t[0-9a-f]{10}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.id).not.toContain('acme');
    expect(a).toMatchObject({ tenant: 'acme', shadowSchema: a.id, groupId: `rivulet.replay.live.${a.id}` });
    expect(planRebuild(at).tenant).toBeNull();
  });
  it('given two rebuilds of one tenant started within the same second, when planned, then their ids differ (ids are unique keys of replay_jobs)', () => {
    const at = { projection: 'live', liveSchema: 'public', topics: ['a'], endOffsets: { a: { 0: '1' } }, tenant: 'acme' };
    const first = planRebuild({ ...at, now: new Date(Date.UTC(2026, 10, 20, 10, 5, 9, 120)) });
    const second = planRebuild({ ...at, now: new Date(Date.UTC(2026, 10, 20, 10, 5, 9, 480)) });
    expect(first.id).toMatch(/^rebuild_20261120100509120_t[0-9a-f]{10}$/);
    expect(second.id).not.toBe(first.id);
  });
});
