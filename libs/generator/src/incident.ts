import { InvalidGeneratorOptionsError } from './generatorError.js';
import { DEFECT_SPECS, parseDefectCode, plantDefect, type DefectSpec } from './defectCatalog.js';
import type { Rng } from './prng.js';
import { REGIONS, toTopic, type RawRecord, type Region, type Topic } from './topics.js';

/**
 * The planted incident: inside one time window, one segment (source × region, optionally one element) goes
 * wrong — either a burst of defects, or a KPI shift (dropped calls spike). RCA should find exactly this.
 */
export type IncidentKind = 'defect_burst' | 'kpi_shift';

export interface IncidentOptions {
  kind?: IncidentKind;
  /** `billing.invoice` or `raw.billing.invoice`. */
  source?: string;
  region?: Region;
  /** Narrows the segment to one element: cell_id (calls), element_id (network events), account_id, ... */
  entity?: string;
  /** Window (ISO-8601); defaults to the 10% of the range starting at 60% of it. */
  start?: string;
  end?: string;
  /** Probability that a record inside the segment and window is affected. */
  rate?: number;
  /** defect_burst only: the defect codes planted together on each affected record. */
  defects?: string[];
}

export interface ResolvedIncident {
  kind: IncidentKind;
  topic: Topic;
  region: Region;
  entity: string | null;
  startMs: number;
  endMs: number;
  rate: number;
  defects: DefectSpec[];
}

/** The field `entity` is compared with, per source. */
export const INCIDENT_ENTITY_FIELD: Record<Topic, string> = {
  'raw.crm.customer': 'customer_id',
  'raw.erp.account': 'account_id',
  'raw.erp.order': 'account_id',
  'raw.billing.invoice': 'account_id',
  'raw.billing.payment': 'invoice_id',
  'raw.cdr.call': 'cell_id',
  'raw.oss.network_event': 'element_id',
  'raw.oss.ticket': 'subscriber_id',
};

const DEFAULT_BURST = ['missing:customer_email', 'invalid_phone:billing_phone'];

export function resolveIncident(o: IncidentOptions, rangeStartMs: number, rangeEndMs: number): ResolvedIncident {
  const kind = o.kind ?? 'defect_burst';
  if (kind !== 'defect_burst' && kind !== 'kpi_shift') throw new InvalidGeneratorOptionsError(`incident kind must be defect_burst or kpi_shift, got "${kind}"`);
  const topic = toTopic(o.source ?? (kind === 'kpi_shift' ? 'cdr.call' : 'billing.invoice'));
  if (kind === 'kpi_shift' && topic !== 'raw.cdr.call') throw new InvalidGeneratorOptionsError('a kpi_shift incident (dropped calls) needs source cdr.call');
  const region = o.region ?? (kind === 'kpi_shift' ? 'EAST' : 'NORTH');
  if (!REGIONS.includes(region)) throw new InvalidGeneratorOptionsError(`incident region must be one of ${REGIONS.join(', ')}, got "${region}"`);
  const span = rangeEndMs - rangeStartMs;
  const startMs = o.start ? Date.parse(o.start) : rangeStartMs + Math.round(span * 0.6);
  const endMs = o.end ? Date.parse(o.end) : startMs + Math.round(span * 0.1);
  if (!(startMs < endMs)) throw new InvalidGeneratorOptionsError('incident window must have start < end (ISO-8601)');
  const rate = o.rate ?? (kind === 'kpi_shift' ? 0.35 : 0.8);
  if (!(rate >= 0 && rate <= 1)) throw new InvalidGeneratorOptionsError(`incident rate must be in [0, 1], got ${rate}`);
  const defects = kind === 'defect_burst' ? (o.defects ?? DEFAULT_BURST).map(parseDefectCode) : [];
  for (const d of defects) {
    if (!DEFECT_SPECS[topic].some((s) => s.code === d.code)) throw new InvalidGeneratorOptionsError(`defect ${d.code} does not apply to ${topic}`);
  }
  return { kind, topic, region, entity: o.entity ?? null, startMs, endMs, rate, defects };
}

export function inIncidentScope(inc: ResolvedIncident, topic: Topic, region: Region | null, eventMs: number, record: RawRecord): boolean {
  return (
    topic === inc.topic &&
    region === inc.region &&
    eventMs >= inc.startMs &&
    eventMs < inc.endMs &&
    (inc.entity === null || record[INCIDENT_ENTITY_FIELD[topic]] === inc.entity)
  );
}

/**
 * Applies the incident to an in-scope record (with the incident's rate); returns the defect codes it planted,
 * or `true` for a KPI shift that changed the record, or `false` when the record was left alone.
 */
export function applyIncident(inc: ResolvedIncident, record: RawRecord, rng: Rng, touched: Set<string>): string[] | boolean {
  if (!rng.chance(inc.rate)) return false;
  if (inc.kind === 'kpi_shift') {
    if (record.termination === 'DROPPED') return false;
    record.termination = 'DROPPED';
    return true;
  }
  const planted = inc.defects.filter((d) => plantDefect(record, d, rng, touched)).map((d) => d.code);
  return planted.length > 0 ? planted : false;
}

export function describeIncident(inc: ResolvedIncident) {
  return {
    kind: inc.kind,
    window: { start: new Date(inc.startMs).toISOString(), end: new Date(inc.endMs).toISOString() },
    dimensions: { source: inc.topic, region: inc.region, ...(inc.entity === null ? {} : { entity: inc.entity }) },
    rate: inc.rate,
    ...(inc.kind === 'defect_burst' ? { defects: inc.defects.map((d) => d.code) } : { effect: 'termination=DROPPED' }),
  };
}
