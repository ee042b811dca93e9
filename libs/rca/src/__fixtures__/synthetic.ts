// Test fixture: a seeded synthetic tenant with four sources, four regions and three segments, Bernoulli noise
// on every check, and optional planted causes. Not part of the build.
import type { KpiFactInput, QualityIssueInput, QualityResultInput } from '../contracts.js';
import type { RcaEvent } from '../window/foldEvents.js';
import { closeWindows, type ClosedWindow } from '../window/closeWindows.js';
import { createWindowState } from '../window/windowState.js';
import { foldEvents } from '../window/foldEvents.js';

export const HOUR = 3_600_000;
export const T0 = Date.parse('2026-11-20T00:00:00Z');
export const REGIONS = ['NORTH', 'SOUTH', 'EAST', 'WEST'];
export const SEGMENTS = ['CONSUMER', 'SMB', 'ENTERPRISE'];
export const CHECKS = [
  { source_system: 'billing', entity: 'invoice', topic: 'raw.billing.invoice', field: 'customer_email', check: 'completeness.customer_email' },
  { source_system: 'billing', entity: 'invoice', topic: 'raw.billing.invoice', field: 'billing_phone', check: 'validity.billing_phone' },
  { source_system: 'crm', entity: 'customer', topic: 'raw.crm.customer', field: 'country', check: 'validity.country' },
  { source_system: 'crm', entity: 'customer', topic: 'raw.crm.customer', field: 'email', check: 'completeness.email' },
  { source_system: 'erp', entity: 'order', topic: 'raw.erp.order', field: 'total_amount', check: 'validity.total_amount' },
  { source_system: 'cdr', entity: 'call', topic: 'raw.cdr.call', field: 'cell_id', check: 'completeness.cell_id' },
];

export interface PlantedCause { source_system: string; region: string; checks: string[]; rate: number; fromHour: number }

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Events of `hours` hours; each hour every (source, region, segment) sends `perCell` records. */
export function syntheticEvents(o: { hours: number; perCell?: number; noise?: number; causes?: PlantedCause[]; seed?: number; tenant?: string }): RcaEvent[] {
  const rnd = mulberry32(o.seed ?? 7);
  const tenant = o.tenant ?? 't1';
  const perCell = o.perCell ?? 60;
  const events: RcaEvent[] = [];
  const sources = [...new Set(CHECKS.map((c) => c.source_system))];
  for (let h = 0; h < o.hours; h++) for (const source of sources) for (const region of REGIONS) for (const segment of SEGMENTS) {
    for (let i = 0; i < perCell; i++) {
      const t = T0 + h * HOUR + Math.floor(rnd() * HOUR);
      const checks = CHECKS.filter((c) => c.source_system === source);
      let failed = false;
      for (const c of checks) {
        const planted = (o.causes ?? []).some((p) => p.source_system === source && p.region === region && p.checks.includes(c.check) && h >= p.fromHour && rnd() < p.rate);
        if (planted || rnd() < (o.noise ?? 0.01)) {
          failed = true;
          const issue: QualityIssueInput = { envelope: { tenant_id: tenant, event_time: t }, severity: 'FAIL', dimensions: { source_system: source, entity: c.entity, field: c.field, check: c.check, region, segment } };
          events.push({ kind: 'issue', issue });
        }
      }
      const result: QualityResultInput = { envelope: { tenant_id: tenant, event_time: t }, record: { source_system: source, entity: checks[0]!.entity }, passed: !failed, score: failed ? 0.5 : 1 };
      events.push({ kind: 'result', result, placement: { region, segment } });
      if (source === 'billing') {
        const fact: KpiFactInput = { envelope: { tenant_id: tenant }, kpi: 'revenue_invoiced', value: failed ? 0 : 100 + Math.floor(rnd() * 50), unit: 'EUR_minor', occurred_at: t, dimensions: { region, segment, source_system: source } };
        events.push({ kind: 'kpi', fact });
      }
    }
  }
  return events;
}

/** Folds the events into hourly windows and closes them all; returns the last window with its baseline. */
export function lastClosedWindow(events: readonly RcaEvent[], hours: number): ClosedWindow {
  const state = foldEvents(createWindowState({ sizesMs: [HOUR], allowedLatenessMs: 0, historySize: 24 }), events);
  const { closed } = closeWindows(state, T0 + hours * HOUR);
  return closed[closed.length - 1]!;
}
