import type {
  CanonicalAccountRecorded, CanonicalInvoiceRecorded, CanonicalNetworkEventRecorded, CanonicalOrderRecorded,
  CanonicalPartyRecorded, CanonicalPaymentRecorded, CanonicalTicketRecorded, CanonicalUsageRecorded,
} from '@rivulet/contracts';

/** A canonical event with its name, as applyMapping emits it (`MappedOutput` once typed). */
export type CanonicalEvent =
  | { eventName: 'CanonicalAccountRecorded'; value: CanonicalAccountRecorded }
  | { eventName: 'CanonicalInvoiceRecorded'; value: CanonicalInvoiceRecorded }
  | { eventName: 'CanonicalNetworkEventRecorded'; value: CanonicalNetworkEventRecorded }
  | { eventName: 'CanonicalOrderRecorded'; value: CanonicalOrderRecorded }
  | { eventName: 'CanonicalPartyRecorded'; value: CanonicalPartyRecorded }
  | { eventName: 'CanonicalPaymentRecorded'; value: CanonicalPaymentRecorded }
  | { eventName: 'CanonicalTicketRecorded'; value: CanonicalTicketRecorded }
  | { eventName: 'CanonicalUsageRecorded'; value: CanonicalUsageRecorded };

export type CanonicalEventName = CanonicalEvent['eventName'];

export function assertNever(value: never): never {
  throw new TypeError(`unexpected value ${JSON.stringify(value)}`);
}
