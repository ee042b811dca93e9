import { EMAIL_PATTERN } from './entities.js';
import { INVALID_PHONES, isValidPhone } from './phone.js';
import type { Rng } from './prng.js';
import type { RawRecord, RawValue } from './topics.js';

/**
 * The defect vocabulary. Each rule both plants a defect and recognises it, so "the truth lists defect X on
 * field F" has one precise meaning: `rule.present(record, F)`. Clean generated data never satisfies any
 * `present`, which is what lets the tests check the truth in both directions.
 */
export type DefectCategory = 'missing' | 'invalidFormat' | 'outOfRange' | 'outlier' | 'inconsistency';

export interface DefectRule {
  readonly category: DefectCategory;
  /** Other fields the rule compares against; a defect there first would blur this one. */
  readonly reads?: string;
  apply(record: RawRecord, field: string, rng: Rng): void;
  present(record: RawRecord, field: string): boolean;
}

const DAY_MS = 86_400_000;
const DECIMAL = /^-?\d+\.\d{2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Clean amounts stay far below these (largest clean invoice ~ 2e6 minor, order ~ 5e4 units). */
export const ABSURD_MINOR = 10_000_000_000;
export const ABSURD_DECIMAL = 100_000_000;
export const MAX_CLEAN_DURATION_SECONDS = 7_200;
export const MAX_CLEAN_ITEM_COUNT = 100;
export const MAX_CLEAN_BYTES = 5_000_000_000;

const str = (v: RawValue | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: RawValue | undefined): number | null => (typeof v === 'number' ? v : null);
const time = (v: RawValue | undefined): number => (typeof v === 'string' ? Date.parse(v) : NaN);
const iso = (ms: number): string => new Date(ms).toISOString();

/** An amount as a number whether the source sends minor units (number) or a decimal string; NaN if unreadable. */
export function amountOf(v: RawValue | undefined): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : NaN;
}

function isValidIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

/** Moves `field` before the timestamp in `reads` by 1..10 days. */
function before(reads: string): DefectRule {
  return {
    category: 'inconsistency',
    reads,
    apply: (r, f, rng) => void (r[f] = iso(time(r[reads]) - rng.int(1, 10 * 24) * 3_600_000)),
    present: (r, f) => time(r[f]) < time(r[reads]),
  };
}

export const DEFECT_RULES = {
  missing: {
    category: 'missing',
    apply: (r, f) => void (r[f] = null),
    present: (r, f) => r[f] === null,
  },
  empty: {
    category: 'missing',
    apply: (r, f) => void (r[f] = ''),
    present: (r, f) => r[f] === '',
  },
  invalid_email: {
    category: 'invalidFormat',
    apply: (r, f, rng) => {
      const [local = 'john.doe', domain = 'example.com'] = (str(r[f]) ?? 'john.doe@example.com').split('@');
      r[f] = rng.pick([`${local}@`, `${local}@${domain.split('.')[0]}`, `${local} at ${domain}`, `@${domain}`, `${local}@@${domain}`]);
    },
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !EMAIL_PATTERN.test(v);
    },
  },
  invalid_phone: {
    category: 'invalidFormat',
    apply: (r, f, rng) => void (r[f] = rng.pick(INVALID_PHONES)),
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !isValidPhone(v);
    },
  },
  invalid_date: {
    category: 'invalidFormat',
    apply: (r, f, rng) => {
      const [y = '1980', m = '01', d = '01'] = (str(r[f]) ?? '').split('-');
      r[f] = rng.pick([`${d}/${m}/${y}`, `${y}-13-${d}`, `${y}-02-31`, `${m}/${d}/${y.slice(2)}`]);
    },
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !isValidIsoDate(v);
    },
  },
  date_out_of_range: {
    category: 'outOfRange',
    apply: (r, f, rng) => void (r[f] = rng.chance(0.5) ? `18${rng.int(10, 99)}-01-01` : `20${rng.int(70, 99)}-06-15`),
    present: (r, f) => {
      const v = str(r[f]);
      if (v === null || !isValidIsoDate(v)) return false;
      const year = Number(v.slice(0, 4));
      return year < 1900 || year > 2030;
    },
  },
  invalid_decimal: {
    category: 'invalidFormat',
    apply: (r, f, rng) => {
      const v = str(r[f]) ?? '12.50';
      r[f] = rng.pick([v.replace('.', ','), `£${v}`, `${v}.0`, `${v.split('.')[0]}.5`, 'N/A']);
    },
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !DECIMAL.test(v);
    },
  },
  invalid_currency: {
    category: 'invalidFormat',
    apply: (r, f, rng) => void (r[f] = rng.pick(['POUNDS', '£', 'EURO', 'usd', 'GB'])),
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !/^[A-Z]{3}$/.test(v);
    },
  },
  invalid_vat: {
    category: 'invalidFormat',
    apply: (r, f, rng) => void (r[f] = rng.pick(['GB12345', 'N/A', '123-ABC', 'GB 12'])),
    present: (r, f) => {
      const v = str(r[f]);
      return v !== null && v !== '' && !/^GB\d{9}$/.test(v.replace(/\s/g, ''));
    },
  },
  negative_amount: {
    category: 'outOfRange',
    apply: (r, f, rng) => {
      const v = r[f];
      r[f] = typeof v === 'number' ? -Math.max(1, Math.abs(v)) : `-${str(v) ?? `${rng.int(1, 999)}.00`}`;
    },
    present: (r, f) => amountOf(r[f]) < 0,
  },
  absurd_amount: {
    category: 'outOfRange',
    apply: (r, f, rng) =>
      void (r[f] = typeof r[f] === 'number' ? rng.int(ABSURD_MINOR + 1, 9 * ABSURD_MINOR) : `${rng.int(ABSURD_DECIMAL + 1, 9 * ABSURD_DECIMAL)}.00`),
    present: (r, f) => {
      const v = amountOf(r[f]);
      return v > (typeof r[f] === 'number' ? ABSURD_MINOR : ABSURD_DECIMAL);
    },
  },
  negative_duration: {
    category: 'outOfRange',
    apply: (r, f, rng) => void (r[f] = -rng.int(1, 600)),
    present: (r, f) => (num(r[f]) ?? 0) < 0,
  },
  outlier_duration: {
    category: 'outlier',
    // "10x a normal call", and always beyond the longest clean call so it is recognisable.
    apply: (r, f, rng) => void (r[f] = Math.max((num(r[f]) ?? 60) * 10, MAX_CLEAN_DURATION_SECONDS + rng.int(1, 30_000))),
    present: (r, f) => (num(r[f]) ?? 0) > MAX_CLEAN_DURATION_SECONDS,
  },
  outlier_count: {
    category: 'outlier',
    apply: (r, f, rng) => void (r[f] = rng.int(MAX_CLEAN_ITEM_COUNT + 1, 2_000)),
    present: (r, f) => (num(r[f]) ?? 0) > MAX_CLEAN_ITEM_COUNT,
  },
  outlier_bytes: {
    category: 'outlier',
    apply: (r, f, rng) => void (r[f] = MAX_CLEAN_BYTES * rng.int(10, 100)),
    present: (r, f) => (num(r[f]) ?? 0) > MAX_CLEAN_BYTES,
  },
  created_after_updated: {
    category: 'inconsistency',
    reads: 'updated_at',
    apply: (r, f, rng) => void (r[f] = iso(time(r.updated_at) + rng.int(1, 90) * DAY_MS)),
    present: (r, f) => time(r[f]) > time(r.updated_at),
  },
  paid_before_issued: before('issued_at'),
  due_before_issued: before('issued_at'),
  cleared_before_occurred: before('occurred_at'),
  resolved_before_opened: before('opened_at'),
  overpaid: {
    category: 'inconsistency',
    reads: 'amount_due_minor',
    apply: (r, f, rng) => void (r[f] = (num(r.amount_due_minor) ?? 0) + rng.int(100, 50_000)),
    present: (r, f) => {
      const due = num(r.amount_due_minor) ?? 0;
      return due >= 0 && (num(r[f]) ?? 0) > due;
    },
  },
} satisfies Record<string, DefectRule>;

export type DefectKind = keyof typeof DEFECT_RULES;
