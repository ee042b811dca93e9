import { createCompany, createPerson, type Company, type Entity, type Person } from './entities.js';
import type { ResolvedOptions } from './options.js';
import { isoTime } from './isoTime.js';
import { createRng, type Rng } from './prng.js';
import { RingPool, SourceMask } from './ringPool.js';
import type { RawRecord, Region, Segment, Topic } from './topics.js';

/** What the truth says about one record. */
export interface RecordTruth {
  /** Party records only: the real person or company behind the record. */
  entityId?: string;
  entityKind?: 'person' | 'company';
  /** Business party records: the contact person (also a real person, maybe known to CRM). */
  contactEntityId?: string;
  /** Variation codes (not defects): nickname, typo:last_name, phone_format, duplicate_record, ... */
  variations: string[];
  /** Defect codes `<kind>:<field>`; empty for a clean record. */
  defects: string[];
  /** The planted incident changed this record. */
  incident: boolean;
  /** The record lies in the incident's window and segment (affected or not). */
  inIncidentScope: boolean;
}

/** A record as a source builder returns it, before incident and defects. */
export interface BuiltRecord {
  key: string;
  record: RawRecord;
  region: Region | null;
  /** The record's event time: the instant the incident window is compared with. */
  eventMs: number;
  truth: RecordTruth;
}

export interface CustomerRef { customerId: string; person: Person; region: Region }
export interface AccountRef { accountId: string; entity: Entity; currency: string; region: Region; segment: Segment }
export interface InvoiceRef { invoiceId: string; currency: string; amountDueMinor: number; region: Region }

export const SOURCE_BIT = { crm: 1, erp: 2, billing: 4 } as const;

/** The generator's whole mutable state: bounded pools, id counters, one RNG. */
export class GenerationContext {
  readonly rng: Rng;
  nowMs = 0;
  readonly persons: RingPool<Person>;
  readonly erpParties: RingPool<Entity>;
  readonly customers: RingPool<CustomerRef>;
  readonly accounts: RingPool<AccountRef>;
  readonly invoices: RingPool<InvoiceRef>;
  readonly personSources = new SourceMask();
  readonly companySources = new SourceMask();
  personCount = 0;
  companyCount = 0;
  private readonly sequences: Partial<Record<Topic, number>> = {};

  constructor(readonly options: ResolvedOptions) {
    this.rng = createRng(options.seed);
    const size = options.poolSize;
    this.persons = new RingPool(size);
    this.erpParties = new RingPool(size);
    this.customers = new RingPool(size);
    this.accounts = new RingPool(size);
    this.invoices = new RingPool(size);
  }

  nextId(topic: Topic, prefix: string): string {
    const n = (this.sequences[topic] ?? 0) + 1;
    this.sequences[topic] = n;
    return `${prefix}-${String(n).padStart(8, '0')}`;
  }

  newPerson(): Person {
    return createPerson(this.rng, ++this.personCount);
  }

  newCompany(contact: Person, segment: Segment): Company {
    return createCompany(this.rng, ++this.companyCount, contact, segment);
  }

  markSource(entity: Entity, bit: number): void {
    (entity.kind === 'person' ? this.personSources : this.companySources).mark(entity.seq, bit);
  }

  private hourStartMs = -1;
  private hourPrefix = '';

  /**
   * `nowMs` as ISO-8601. Records advance through time, so the "YYYY-MM-DDTHH:" prefix is cached per hour:
   * Date#toISOString was the single largest cost of generation.
   */
  nowIso(): string {
    const ms = this.nowMs;
    if (ms < this.hourStartMs || ms >= this.hourStartMs + HOUR_MS) {
      this.hourStartMs = ms - (ms % HOUR_MS);
      this.hourPrefix = new Date(this.hourStartMs).toISOString().slice(0, 14);
    }
    const inHour = ms - this.hourStartMs;
    const minutes = Math.floor(inHour / 60_000);
    const millis = inHour % 60_000;
    const seconds = Math.floor(millis / 1000);
    return `${this.hourPrefix}${minutes < 10 ? '0' : ''}${minutes}:${seconds < 10 ? '0' : ''}${seconds}.${String(millis % 1000).padStart(3, '0')}Z`;
  }

  /** Secondary timestamps (cleared, resolved, paid) never leave the generated range. */
  clamp(ms: number): number {
    return Math.min(ms, this.options.endMs - 1);
  }
}

export const iso = isoTime;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
