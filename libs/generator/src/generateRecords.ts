import { DEFECT_SPECS, plantDefect, type DefectSpec } from './defectCatalog.js';
import type { DefectCategory } from './defectRules.js';
import { GenerationContext, type BuiltRecord, type RecordTruth } from './generationContext.js';
import { applyIncident, inIncidentScope } from './incident.js';
import { resolveOptions, type GeneratorOptions, type ResolvedOptions } from './options.js';
import { buildInvoice } from './sources/billingInvoice.js';
import { buildPayment } from './sources/billingPayment.js';
import { buildCall } from './sources/cdrCall.js';
import { buildCustomer } from './sources/crmCustomer.js';
import { buildAccount } from './sources/erpAccount.js';
import { buildOrder } from './sources/erpOrder.js';
import { buildNetworkEvent } from './sources/ossNetworkEvent.js';
import { buildTicket } from './sources/ossTicket.js';
import { TOPICS, type RawRecord, type Topic } from './topics.js';

export interface GeneratedRecord {
  topic: Topic;
  /** The record id (the key field's value); the gateway turns it into `<tenant>/<id>`. */
  key: string;
  record: RawRecord;
  truth: RecordTruth;
}

const BUILDERS: Record<Topic, (ctx: GenerationContext) => BuiltRecord> = {
  'raw.crm.customer': buildCustomer,
  'raw.erp.account': buildAccount,
  'raw.erp.order': buildOrder,
  'raw.billing.invoice': buildInvoice,
  'raw.billing.payment': buildPayment,
  'raw.cdr.call': buildCall,
  'raw.oss.network_event': buildNetworkEvent,
  'raw.oss.ticket': buildTicket,
};

const CATEGORIES: readonly DefectCategory[] = ['missing', 'invalidFormat', 'outOfRange', 'outlier', 'inconsistency'];

/** References only point backwards: a topic whose parent pool is still empty emits the parent instead. */
function withParents(topic: Topic, ctx: GenerationContext): Topic {
  switch (topic) {
    case 'raw.cdr.call':
      return ctx.customers.size > 0 ? topic : 'raw.crm.customer';
    case 'raw.oss.ticket':
      return ctx.customers.size > 0 || ctx.accounts.size > 0 ? topic : 'raw.crm.customer';
    case 'raw.billing.payment':
      return ctx.invoices.size > 0 ? topic : withParents('raw.billing.invoice', ctx);
    case 'raw.erp.order':
    case 'raw.billing.invoice':
      return ctx.accounts.size > 0 ? topic : 'raw.erp.account';
    default:
      return topic;
  }
}

function specsByCategory(): Record<Topic, Record<DefectCategory, DefectSpec[]>> {
  const out = {} as Record<Topic, Record<DefectCategory, DefectSpec[]>>;
  for (const topic of TOPICS) {
    const byCat = { missing: [], invalidFormat: [], outOfRange: [], outlier: [], inconsistency: [] } as Record<DefectCategory, DefectSpec[]>;
    for (const spec of DEFECT_SPECS[topic]) byCat[spec.category].push(spec);
    out[topic] = byCat;
  }
  return out;
}

/**
 * Lazily yields `options.records` records in event-time order with their truth. Only bounded pools are kept,
 * so memory does not grow with the record count. The topic sequence follows the mix exactly (largest deficit
 * first), so counts are deterministic and proportional; content and times come from the seeded RNG.
 */
export function* generateRecords(options: GeneratorOptions | ResolvedOptions): Generator<GeneratedRecord, GenerationContext> {
  const opts = 'startMs' in options ? options : resolveOptions(options);
  const ctx = new GenerationContext(opts);
  const { rng } = ctx;
  const totalWeight = TOPICS.reduce((sum, t) => sum + opts.mix[t], 0);
  const shares = TOPICS.map((t) => opts.mix[t] / totalWeight);
  const counts = TOPICS.map(() => 0);
  const specs = specsByCategory();
  const span = opts.endMs - opts.startMs;
  const incident = opts.incident;
  const touched = new Set<string>();

  for (let i = 0; i < opts.records; i++) {
    let best = 0;
    let bestDeficit = -Infinity;
    for (let t = 0; t < TOPICS.length; t++) {
      const deficit = (shares[t] as number) * (i + 1) - (counts[t] as number);
      if (deficit > bestDeficit) [best, bestDeficit] = [t, deficit];
    }
    counts[best] = (counts[best] as number) + 1;
    const topic = withParents(TOPICS[best] as Topic, ctx);
    // Strictly increasing across records, uniformly jittered inside each record's slot of the range.
    ctx.nowMs = opts.startMs + Math.floor((span * (i + rng.next())) / opts.records);

    const built = BUILDERS[topic](ctx);
    const { record, truth } = built;
    touched.clear();
    if (incident && inIncidentScope(incident, topic, built.region, built.eventMs, record)) {
      truth.inIncidentScope = true;
      const effect = applyIncident(incident, record, rng, touched);
      if (effect !== false) truth.incident = true;
      if (Array.isArray(effect)) truth.defects.push(...effect);
    }
    const topicSpecs = specs[topic];
    for (const category of CATEGORIES) {
      const candidates = topicSpecs[category];
      if (candidates.length === 0 || !rng.chance(opts.defects[category])) continue;
      const spec = rng.pick(candidates);
      if (plantDefect(record, spec, rng, touched)) truth.defects.push(spec.code);
    }
    yield { topic, key: built.key, record, truth };
  }
  return ctx;
}
