import { InvalidGeneratorOptionsError } from './generatorError.js';
import type { DefectCategory } from './defectRules.js';
import { resolveIncident, type IncidentOptions, type ResolvedIncident } from './incident.js';
import { TOPICS, type Topic } from './topics.js';
import type { VariationRates } from './variations.js';

/** Probability, per record, that one defect of the category is planted (if the source has one). */
export type DefectRates = Record<DefectCategory, number>;

export interface GeneratorOptions {
  /** How many records in total, over all topics. */
  records: number;
  seed?: string | number;
  /** Recorded in summary.json; the gateway prefixes keys with it. Record ids themselves stay tenant-free. */
  tenant?: string;
  /** Start of the event-time range (ISO-8601). */
  start?: string;
  days?: number;
  /** Relative weights of the topics; normalised, so any scale works. */
  mix?: Partial<Record<Topic, number>>;
  variations?: Partial<VariationRates>;
  defects?: Partial<DefectRates>;
  /** Share of new ERP accounts whose party (consumer or business contact) is a person CRM already holds. */
  crossSource?: number;
  /** Share of CRM customers and ERP accounts that are a second record of a party already in that source. */
  duplicates?: number;
  /** `undefined` plants the default incident; `null` plants none. */
  incident?: IncidentOptions | null;
  /** Bound of each reference pool (recent customers, accounts, invoices, parties): memory stays flat. */
  poolSize?: number;
}

export interface ResolvedOptions {
  records: number;
  seed: string;
  tenant: string;
  startMs: number;
  endMs: number;
  mix: Record<Topic, number>;
  variations: VariationRates;
  defects: DefectRates;
  crossSource: number;
  duplicates: number;
  incident: ResolvedIncident | null;
  poolSize: number;
}

/** Per 100 records: the shape of a telco's day — calls dominate, parties and money are a minority. */
export const DEFAULT_MIX: Readonly<Record<Topic, number>> = {
  'raw.crm.customer': 8,
  'raw.erp.account': 4,
  'raw.erp.order': 12,
  'raw.billing.invoice': 12,
  'raw.billing.payment': 10,
  'raw.cdr.call': 40,
  'raw.oss.network_event': 8,
  'raw.oss.ticket': 6,
};

export const DEFAULT_VARIATIONS: Readonly<VariationRates> = {
  typo: 0.05,
  nickname: 0.1,
  swappedNames: 0.02,
  missingMiddleName: 0.3,
  phoneFormat: 0.3,
  addressFormat: 0.2,
  emailChanged: 0.1,
  countrySpelling: 0.3,
};

export const DEFAULT_DEFECTS: Readonly<DefectRates> = {
  missing: 0.03,
  invalidFormat: 0.02,
  outOfRange: 0.01,
  outlier: 0.01,
  inconsistency: 0.01,
};

function rate(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new InvalidGeneratorOptionsError(`${name} must be a probability in [0, 1], got ${value}`);
  return value;
}

export function resolveOptions(options: GeneratorOptions): ResolvedOptions {
  const { records } = options;
  if (!Number.isInteger(records) || records < 0) throw new InvalidGeneratorOptionsError(`records must be a non-negative integer, got ${records}`);
  const start = options.start ?? '2024-01-01T00:00:00.000Z';
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs)) throw new InvalidGeneratorOptionsError(`start must be an ISO-8601 timestamp, got "${start}"`);
  const days = options.days ?? 30;
  if (!(days > 0)) throw new InvalidGeneratorOptionsError(`days must be positive, got ${days}`);
  const endMs = startMs + Math.round(days * 86_400_000);
  const mix = { ...DEFAULT_MIX, ...options.mix };
  for (const t of TOPICS) if (!(mix[t] >= 0)) throw new InvalidGeneratorOptionsError(`mix weight of ${t} must be >= 0`);
  if (!TOPICS.some((t) => mix[t] > 0)) throw new InvalidGeneratorOptionsError('mix needs at least one positive weight');
  const variations = { ...DEFAULT_VARIATIONS, ...options.variations };
  const defects = { ...DEFAULT_DEFECTS, ...options.defects };
  for (const [k, v] of Object.entries(variations)) rate(`variations.${k}`, v);
  for (const [k, v] of Object.entries(defects)) rate(`defects.${k}`, v);
  return {
    records,
    seed: String(options.seed ?? 42),
    tenant: options.tenant ?? 'demo',
    startMs,
    endMs,
    mix,
    variations,
    defects,
    crossSource: rate('crossSource', options.crossSource ?? 0.6),
    duplicates: rate('duplicates', options.duplicates ?? 0.05),
    incident: options.incident === null ? null : resolveIncident(options.incident ?? {}, startMs, endMs),
    poolSize: Math.max(1, options.poolSize ?? 2_000),
  };
}
