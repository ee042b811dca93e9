import type { Envelope, KpiFactRecorded, RecordRef, Segment } from '@rivulet/contracts';
import { derivedEventId } from '../mapping/derivedEventId.js';
import { assertNever, type CanonicalEvent } from './canonicalEvent.js';

/** A KPI fact: one record's additive contribution; the projector sums them per hour/day and dimensions. */
export type KpiFact = KpiFactRecorded;

interface FactSpec {
  kpi: string;
  value: number;
  unit: string;
  occurredAt: number;
  region?: string | null;
  segment?: Segment | null;
}

const minorUnit = (currency: string) => `${currency}_minor`;

/**
 * The KPI contributions of one canonical event (pure; no aggregation here, so processors stay stateless).
 * Every fact is additive: counts are 1 per record, amounts in minor units with the currency in the unit
 * ("GBP_minor") so sums never mix currencies. Choices, documented in config/mappings/README.md:
 * - revenue_invoiced / invoice_count: invoices except DRAFT and CANCELLED, at issued_at;
 * - overdue_amount: the unpaid rest (due - paid) of OVERDUE invoices, at due_at;
 * - paid_amount: amount_paid of invoices, at paid_at (issued_at when the date is missing);
 *   payments_settled: SETTLED payments (payments carry no region or segment);
 * - order_value / order_count: orders except CANCELLED, at ordered_at;
 * - call_count, call_minutes (duration / 60), dropped_calls: VOICE usage, at started_at;
 * - network_incidents and network_incidents_<severity>; tickets_opened and tickets_opened_<priority>: the
 *   KpiDimensions record has no free dimension, so severity and priority are in the KPI name.
 */
export function kpiFacts(event: CanonicalEvent): KpiFact[] {
  switch (event.eventName) {
    case 'CanonicalInvoiceRecorded': {
      const v = event.value;
      const dims = { region: v.region, segment: v.segment };
      const specs: FactSpec[] = [];
      if (v.status !== 'DRAFT' && v.status !== 'CANCELLED') {
        specs.push({ kpi: 'revenue_invoiced', value: v.amount_due.amount_minor, unit: minorUnit(v.amount_due.currency), occurredAt: v.issued_at, ...dims });
        specs.push({ kpi: 'invoice_count', value: 1, unit: 'count', occurredAt: v.issued_at, ...dims });
      }
      if (v.status === 'OVERDUE') {
        const outstanding = v.amount_due.amount_minor - v.amount_paid.amount_minor;
        if (outstanding > 0) specs.push({ kpi: 'overdue_amount', value: outstanding, unit: minorUnit(v.amount_due.currency), occurredAt: v.due_at, ...dims });
      }
      if (v.amount_paid.amount_minor > 0) {
        specs.push({ kpi: 'paid_amount', value: v.amount_paid.amount_minor, unit: minorUnit(v.amount_paid.currency), occurredAt: v.paid_at ?? v.issued_at, ...dims });
      }
      return specs.map((s) => fact(v, s));
    }
    case 'CanonicalPaymentRecorded': {
      const v = event.value;
      if (v.status !== 'SETTLED') return [];
      return [fact(v, { kpi: 'payments_settled', value: v.amount.amount_minor, unit: minorUnit(v.amount.currency), occurredAt: v.paid_at })];
    }
    case 'CanonicalOrderRecorded': {
      const v = event.value;
      if (v.status === 'CANCELLED') return [];
      return [
        fact(v, { kpi: 'order_value', value: v.total.amount_minor, unit: minorUnit(v.total.currency), occurredAt: v.ordered_at, region: v.region }),
        fact(v, { kpi: 'order_count', value: 1, unit: 'count', occurredAt: v.ordered_at, region: v.region }),
      ];
    }
    case 'CanonicalUsageRecorded': {
      const v = event.value;
      if (v.usage_type !== 'VOICE') return [];
      const at = { occurredAt: v.started_at, region: v.region };
      const specs: FactSpec[] = [
        { kpi: 'call_count', value: 1, unit: 'count', ...at },
        { kpi: 'call_minutes', value: Math.max(0, v.duration_seconds) / 60, unit: 'minutes', ...at },
      ];
      if (v.termination === 'DROPPED') specs.push({ kpi: 'dropped_calls', value: 1, unit: 'count', ...at });
      return specs.map((s) => fact(v, s));
    }
    case 'CanonicalNetworkEventRecorded': {
      const v = event.value;
      const at = { value: 1, unit: 'count', occurredAt: v.occurred_at, region: v.region };
      return [fact(v, { kpi: 'network_incidents', ...at }), fact(v, { kpi: `network_incidents_${v.severity.toLowerCase()}`, ...at })];
    }
    case 'CanonicalTicketRecorded': {
      const v = event.value;
      const at = { value: 1, unit: 'count', occurredAt: v.opened_at, region: v.region };
      return [fact(v, { kpi: 'tickets_opened', ...at }), fact(v, { kpi: `tickets_opened_${v.priority.toLowerCase()}`, ...at })];
    }
    case 'CanonicalPartyRecorded':
    case 'CanonicalAccountRecorded':
      return [];
    default:
      return assertNever(event);
  }
}

function fact(source: { envelope: Envelope; source_record: RecordRef }, spec: FactSpec): KpiFact {
  return {
    envelope: {
      event_id: derivedEventId(source.envelope.event_id, 'kpi', spec.kpi),
      tenant_id: source.envelope.tenant_id,
      source_system: 'transform',
      event_time: spec.occurredAt,
      ingest_time: source.envelope.ingest_time,
      schema_version: 1,
      lineage: source.envelope.lineage,
      // KPI facts carry no personal data.
      pii_subject_id: null,
      trace_id: source.envelope.trace_id,
    },
    kpi: spec.kpi,
    value: spec.value,
    unit: spec.unit,
    occurred_at: spec.occurredAt,
    dimensions: { region: spec.region ?? null, segment: spec.segment ?? null, source_system: source.source_record.source_system },
    record: source.source_record,
  };
}
