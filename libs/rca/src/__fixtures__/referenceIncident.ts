// Test fixture: a tenant whose ERP account feed breaks in one region. Unknown accounts then fail the
// account-reference checks of billing invoices and ERP orders there: one cause, symptoms in two sources.
// Every event carries its record reference, so the windows hold the lineage. Not part of the build.
import type { RcaEvent } from '../window/foldEvents.js';
import type { ReferenceLineage } from '../graph/lineageGraph.js';
import { HOUR, REGIONS, SEGMENTS, T0, mulberry32 } from './synthetic.js';

interface Feed { source: string; sourceEntity: string; entity: string; perCell: number; checks: { check: string; field: string | null }[] }

export const FEEDS: Feed[] = [
  { source: 'crm', sourceEntity: 'customer', entity: 'party', perCell: 30, checks: [{ check: 'missing.email', field: 'email' }, { check: 'invalid.phone', field: 'phone' }] },
  { source: 'erp', sourceEntity: 'account', entity: 'account', perCell: 15, checks: [{ check: 'missing.company_name', field: 'company_name' }, { check: 'invalid.vat_id', field: 'vat_id' }] },
  { source: 'erp', sourceEntity: 'order', entity: 'order', perCell: 30, checks: [{ check: 'reference.account_id', field: 'account_id' }, { check: 'range.total', field: 'total' }] },
  { source: 'billing', sourceEntity: 'invoice', entity: 'invoice', perCell: 50, checks: [{ check: 'reference.account_id', field: 'account_id' }, { check: 'missing.customer_name', field: 'customer_name' }] },
];

export const REFERENCES: ReferenceLineage[] = [
  { entity: 'order', check: 'reference.account_id', referencedEntity: 'account' },
  { entity: 'invoice', check: 'reference.account_id', referencedEntity: 'account' },
];

/** A second, unrelated cause: one check of one feed failing in one region from the incident hour on. */
export interface ExtraCause { source: string; check: string; region: string; rate: number }

/** Failure rate of a check in the incident hour (region NORTH, from `fromHour`), else the noise rate. */
function rateOf(feed: Feed, check: string, region: string, hour: number, fromHour: number, noise: number, extra: readonly ExtraCause[], erpBroken: boolean): number {
  if (hour < fromHour) return noise;
  const x = extra.find((e) => e.source === feed.source && e.check === check && e.region === region);
  if (x) return x.rate;
  if (region !== 'NORTH' || !erpBroken) return noise;
  if (feed.source === 'erp' && feed.sourceEntity === 'account' && check === 'missing.company_name') return 0.3;
  if (check === 'reference.account_id') return 0.5;
  return noise;
}

export function referenceIncidentEvents(o: { hours: number; incidentFromHour?: number; noise?: number; seed?: number; erpBroken?: boolean; extra?: ExtraCause[] }): RcaEvent[] {
  const rnd = mulberry32(o.seed ?? 5);
  const events: RcaEvent[] = [];
  const fromHour = o.incidentFromHour ?? o.hours - 1;
  for (let h = 0; h < o.hours; h++) for (const feed of FEEDS) for (const region of REGIONS) for (const segment of SEGMENTS) {
    for (let i = 0; i < feed.perCell; i++) {
      const t = T0 + h * HOUR + Math.floor(rnd() * HOUR);
      const envelope = { tenant_id: 't1', event_time: t };
      const record = { source_system: feed.source, entity: feed.sourceEntity, topic: `canonical.${feed.entity}` };
      let failed = false;
      for (const c of feed.checks) {
        if (rnd() >= rateOf(feed, c.check, region, h, fromHour, o.noise ?? 0.01, o.extra ?? [], o.erpBroken ?? true)) continue;
        failed = true;
        events.push({ kind: 'issue', issue: { envelope, severity: 'FAIL', record, dimensions: { source_system: feed.source, entity: feed.entity, field: c.field, check: c.check, region, segment } } });
      }
      events.push({ kind: 'result', result: { envelope, record, entity: feed.entity, passed: !failed, score: failed ? 0.5 : 1 }, placement: { region, segment } });
      if (feed.entity === 'invoice' && !failed) {
        events.push({ kind: 'kpi', fact: { envelope, kpi: 'revenue_invoiced', value: 100, unit: 'EUR_minor', occurred_at: t, dimensions: { region, segment, source_system: 'billing' }, record: { source_system: 'billing', entity: 'invoice', topic: 'raw.billing.invoice' } } });
      }
    }
  }
  return events;
}
