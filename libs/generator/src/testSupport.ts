import { generateRecords, type GeneratedRecord } from './generateRecords.js';
import type { GeneratorOptions } from './options.js';
import type { Topic } from './topics.js';

/** Test helper: a small dataset in memory (tests only; the library itself never collects). */
export function collect(options: GeneratorOptions): GeneratedRecord[] {
  return [...generateRecords(options)];
}

/** The field the incident window and the time range are about, per topic. */
export const EVENT_TIME_FIELD: Record<Topic, string> = {
  'raw.crm.customer': 'updated_at',
  'raw.erp.account': 'updated_at',
  'raw.erp.order': 'order_date',
  'raw.billing.invoice': 'issued_at',
  'raw.billing.payment': 'paid_at',
  'raw.cdr.call': 'start_time',
  'raw.oss.network_event': 'occurred_at',
  'raw.oss.ticket': 'opened_at',
};
