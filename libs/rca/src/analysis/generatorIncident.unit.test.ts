import { describe, expect, it } from 'vitest';
import { generateRecords, resolveOptions, type GeneratedRecord } from '@rivulet/generator';
import type { RcaEvent } from '../window/foldEvents.js';
import { foldEvents } from '../window/foldEvents.js';
import { closeWindows } from '../window/closeWindows.js';
import { createWindowState } from '../window/windowState.js';
import { createDependencyGraph, lineageEdgesForChecks } from '../graph/dependencyGraph.js';
import { explain } from './explain.js';

const HOUR = 3_600_000;
// Event-time field per source topic (the generator stamps each record's event time from it).
const TIME_FIELD: Record<string, string> = {
  'raw.crm.customer': 'updated_at', 'raw.erp.account': 'updated_at', 'raw.erp.order': 'order_date', 'raw.billing.invoice': 'issued_at',
  'raw.billing.payment': 'paid_at', 'raw.cdr.call': 'start_time', 'raw.oss.network_event': 'occurred_at', 'raw.oss.ticket': 'opened_at',
};

function eventTime(g: GeneratedRecord): number {
  const v = g.record[TIME_FIELD[g.topic]!];
  return typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
}

/** What the quality processor would emit for a generated record: one issue per planted defect, one result per record. */
function toEvents(g: GeneratedRecord): RcaEvent[] {
  const [, source, entity] = g.topic.split('.') as [string, string, string];
  const t = eventTime(g);
  const region = typeof g.record.region === 'string' ? g.record.region : null;
  const segment = typeof g.record.segment === 'string' ? g.record.segment : null;
  const envelope = { tenant_id: 'gen', event_time: t };
  // The record reference quality puts on its events: it carries the lineage the dependency graph is built from.
  const record = { source_system: source, entity, topic: `canonical.${entity}` };
  const issues: RcaEvent[] = g.truth.defects.map((code) => {
    const [kind, field] = code.split(':') as [string, string];
    return { kind: 'issue', issue: { envelope, severity: 'FAIL', record, dimensions: { source_system: source, entity, field, check: `${kind}.${field}`, region, segment } } };
  });
  return [...issues, { kind: 'result', result: { envelope, record, passed: issues.length === 0, score: issues.length === 0 ? 1 : 0.5 }, placement: { region, segment } }];
}

describe('on the generator planted incident', () => {
  it('given issues derived from truth/defects, when the window inside the incident is analysed, then the planted cause ranks first', () => {
    // Twice: with the graph declared from the checks (lineageEdgesForChecks) and with the one the events' lineage gives.
    const options = resolveOptions({ records: 60_000, seed: 'rca-incident', start: '2026-11-20T00:00:00Z', days: 1 });
    const incident = options.incident!;
    const events: RcaEvent[] = [];
    const checks = new Map<string, Parameters<typeof lineageEdgesForChecks>[0][number]>();
    for (const g of generateRecords(options)) {
      if (Number.isNaN(eventTime(g))) continue;
      for (const e of toEvents(g)) {
        events.push(e);
        if (e.kind === 'issue') {
          const d = e.issue.dimensions;
          checks.set(`${d.source_system}.${d.entity}.${d.check}`, { source_system: d.source_system, entity: d.entity, topic: g.topic, field: d.field, check: d.check });
        }
      }
    }
    const state = foldEvents(createWindowState({ sizesMs: [HOUR], allowedLatenessMs: 0, historySize: 24 }), events);
    // The first whole hour inside the incident window.
    const start = Math.ceil(incident.startMs / HOUR) * HOUR;
    expect(start + HOUR).toBeLessThanOrEqual(incident.endMs);
    const closed = closeWindows(state, start + HOUR).closed.find((c) => c.window.start === start)!;
    const [, source] = incident.topic.split('.');
    for (const graph of [createDependencyGraph(lineageEdgesForChecks([...checks.values()])), undefined]) {
      const x = explain(closed.window, closed.baseline, { now: start + HOUR, ...(graph ? { graph } : {}) });
      expect(x.causes[0]!.dimensions).toMatchObject({ source_system: source, region: incident.region });
      expect(x.causes[0]!.share).toBeGreaterThan(0.5);
      expect(x.upstream[0]!.node).toMatch(new RegExp(`^(source:${source}|topic:${incident.topic.replaceAll('.', '\\.')})$`));
      const fields = x.causes[0]!.details.map((d) => d.field);
      for (const spec of incident.defects) expect(fields).toContain(spec.field);
    }
  });
});
