import { analyze, closeWindows, createWindowState, foldEvents, type WindowAggregate } from '@rivulet/rca';
import { describe, expect, it } from 'vitest';
import { foldTenantBatch, slotKey, windowSlots } from './foldTenantBatch.js';
import { toRcaEvent, type TimedRcaEvent } from './rcaEvents.js';

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const config = { sizesMs: [MIN], allowedLatenessMs: 0, historySize: 10 };
const envelope = (t: number, tenant = 't1') => ({ event_id: `e${t}`, tenant_id: tenant, source_system: 'quality', event_time: t, ingest_time: t, schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null });
const issue = (t: number, region: string, source = 'billing') =>
  toRcaEvent('quality.issues', { envelope: envelope(t), severity: 'FAIL', dimensions: { source_system: source, entity: 'invoice', field: 'email', check: 'validity.email', region, segment: null } }, MIN)!;
const result = (t: number, source = 'billing') =>
  toRcaEvent('quality.results', { envelope: envelope(t), record: { source_system: source, entity: 'customer' }, entity: 'party', passed: true, score: 1 }, MIN)!;

describe('toRcaEvent', () => {
  it('given a result, then it is counted under its canonical entity (the one issues use)', () => {
    const e = result(T0);
    expect(e.event).toMatchObject({ kind: 'result', result: { entity: 'party', record: { source_system: 'billing', entity: 'customer' } } });
    const [w] = foldTenantBatch({ config, maxEventTime: null, open: [], analysed: new Set(), events: [e] }).windows;
    expect(Object.keys(w!.records)).toEqual([JSON.stringify(['billing', 'party', null, null])]);
  });
  it('given an event time far past its ingest time, then the watermark only moves up to ingest + skew', () => {
    const e = toRcaEvent('quality.issues', { envelope: { ...envelope(T0 + 10 * MIN), ingest_time: T0 }, severity: 'WARN', dimensions: {} }, MIN)!;
    expect(e.watermarkTime).toBe(T0 + MIN);
  });
  it('given another topic or a tombstone, then nothing', () => {
    expect(toRcaEvent('alerts', { envelope: envelope(T0) }, MIN)).toBeNull();
    expect(toRcaEvent('quality.issues', null, MIN)).toBeNull();
  });
});

describe('foldTenantBatch', () => {
  it('given batches folded one by one through stored windows, then the windows equal one in-memory fold (a restart loses nothing)', () => {
    const events: TimedRcaEvent[] = [];
    for (let m = 0; m < 4; m++) for (let i = 0; i < 5; i++) events.push(result(T0 + m * MIN + i * 1000), issue(T0 + m * MIN + i * 1000, i % 2 ? 'NORTH' : 'SOUTH'));
    // "PostgreSQL": rows by key, written back after each batch, as the projection does.
    const rows = new Map<string, WindowAggregate>();
    let maxEventTime: number | null = null;
    for (let i = 0; i < events.length; i += 7) {
      const batch = events.slice(i, i + 7);
      const open = windowSlots(config, batch).map((s) => rows.get(`${s.sizeMs}|${s.start}`)).filter((w): w is WindowAggregate => !!w);
      const fold = foldTenantBatch({ config, maxEventTime, open, analysed: new Set(), events: batch });
      for (const w of fold.windows) rows.set(`${w.sizeMs}|${w.start}`, w);
      maxEventTime = fold.maxEventTime;
    }
    const reference = foldEvents(createWindowState(config), events.map((e) => e.event));
    expect(Object.fromEntries([...rows.values()].map((w) => [w.start, w]))).toEqual(Object.fromEntries(Object.values(reference.open).map((w) => [w.start, w])));
    expect(maxEventTime).toBe(T0 + 3 * MIN + 4000);
  });

  it('given a slower partition behind the watermark, then its events still count while the window is not analysed', () => {
    const fold = foldTenantBatch({ config, maxEventTime: T0 + 5 * MIN, open: [], analysed: new Set(), events: [issue(T0 + 10, 'NORTH')] });
    expect(fold.late).toBe(0);
    expect(fold.windows.map((w) => w.start)).toEqual([T0]);
  });

  it('given an event for a window already analysed, then it is counted late and that window is not written', () => {
    const fold = foldTenantBatch({ config, maxEventTime: T0 + 5 * MIN, open: [], analysed: new Set([slotKey(MIN, T0)]), events: [issue(T0 + 10, 'NORTH'), issue(T0 + 5 * MIN + 1, 'NORTH')] });
    expect(fold.late).toBe(1);
    expect(fold.windows.map((w) => w.start)).toEqual([T0 + 5 * MIN]);
    expect([...fold.added.values()]).toEqual([1]);
  });

  it('given stored windows with a burst in one region, then analysing the last against the earlier ones names that region', () => {
    const events: TimedRcaEvent[] = [];
    for (let m = 0; m < 6; m++) {
      for (const region of ['NORTH', 'SOUTH', 'EAST', 'WEST']) for (let i = 0; i < 10; i++) events.push(result(T0 + m * MIN + i * 100));
      events.push(issue(T0 + m * MIN + 5, ['NORTH', 'SOUTH', 'EAST', 'WEST'][m % 4]!, 'crm'));
      // Background noise of billing in every region, so "billing" alone is too general a cause.
      for (const region of ['NORTH', 'SOUTH', 'EAST', 'WEST']) events.push(issue(T0 + m * MIN + 7, region), issue(T0 + m * MIN + 8, region));
      if (m === 5) for (let i = 0; i < 15; i++) events.push(issue(T0 + m * MIN + 10 + i, 'NORTH'));
    }
    const fold = foldTenantBatch({ config, maxEventTime: null, open: [], analysed: new Set(), events });
    const { closed } = closeWindows({ ...createWindowState(config), open: Object.fromEntries(fold.windows.map((w) => [`t1|${w.sizeMs}|${w.start}`, w])) }, T0 + 6 * MIN);
    const last = closed[closed.length - 1]!;
    const finding = analyze(last.window, last.baseline, { now: last.window.end });
    expect(finding.root_causes[0]!.dimensions).toMatchObject({ source_system: 'billing', region: 'NORTH' });
  });
});
