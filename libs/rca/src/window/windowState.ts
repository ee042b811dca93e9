import { InvalidRcaInputError } from '../errors.js';

/** Dimensions quality issues are counted by (QualityIssueDetected.dimensions), in key order. */
export const ISSUE_DIMENSIONS = ['source_system', 'entity', 'field', 'check', 'region', 'segment'] as const;
export type IssueDimension = (typeof ISSUE_DIMENSIONS)[number];
/** Dimensions records (the denominator of rates) are counted by: the issue dimensions that describe a record. */
export const RECORD_DIMENSIONS = ['source_system', 'entity', 'region', 'segment'] as const;
export type RecordDimension = (typeof RECORD_DIMENSIONS)[number];
export type DimensionValues<D extends string = IssueDimension> = Record<D, string | null>;

export interface WindowConfig {
  /** Tumbling window sizes in ms, e.g. [300_000, 3_600_000]; every event lands in one window per size. */
  sizesMs: number[];
  /** An event may arrive this long after its window's end (by watermark) and still count. */
  allowedLatenessMs: number;
  /** Closed windows kept per tenant and size as the baseline of the next ones. */
  historySize: number;
}

export interface IssueCell { count: number; failCount: number; firstAt: number; lastAt: number }
export interface RecordCell { records: number; failed: number; /** Σ score in micro-units, a bigint as decimal string. */ scoreMicro: string }
/** Sums are fixed-point micro-units held as bigint strings: integer addition is associative, so the sum does not depend on arrival order (double addition would). */
export interface KpiCell { count: number; sumMicro: string; unit: string }

/** Counters of one tenant's window [start, end). Keys are JSON arrays of dimension values (see dimensionKey). */
export interface WindowAggregate {
  tenantId: string;
  sizeMs: number;
  start: number;
  end: number;
  issues: Record<string, IssueCell>;
  records: Record<string, RecordCell>;
  /** Key: [kpi, source_system, region, segment]. */
  kpis: Record<string, KpiCell>;
  /**
   * Lineage edges the window's events showed (key: JSON [from, to] node ids, value: events that showed it), the
   * raw material of the dependency graph. Optional: windows stored before it existed have none.
   */
  lineage?: Record<string, number>;
}

/** The whole RCA state: plain JSON, so it can be stored in PostgreSQL or a compacted topic and restored as is. */
export interface WindowState {
  version: 1;
  config: WindowConfig;
  /** Highest watermark passed to closeWindows (null before the first); events of windows closed by it are late. */
  watermark: number | null;
  open: Record<string, WindowAggregate>;
  /** Closed windows per `${tenant}|${sizeMs}`, oldest first, at most historySize. */
  history: Record<string, WindowAggregate[]>;
  /** Events dropped because their window had already closed: counted, never silently lost. */
  lateEvents: number;
}

export function createWindowState(config: WindowConfig): WindowState {
  if (config.sizesMs.length === 0 || config.sizesMs.some((s) => !Number.isInteger(s) || s <= 0)) {
    throw new InvalidRcaInputError(`window sizes must be positive integers (ms), got ${JSON.stringify(config.sizesMs)}`);
  }
  if (!(config.allowedLatenessMs >= 0)) throw new InvalidRcaInputError('allowedLatenessMs must be >= 0');
  if (!(config.historySize >= 0)) throw new InvalidRcaInputError('historySize must be >= 0');
  const sizesMs = [...new Set(config.sizesMs)].sort((a, b) => a - b);
  return { version: 1, config: { ...config, sizesMs }, watermark: null, open: {}, history: {}, lateEvents: 0 };
}

export function windowStart(eventTime: number, sizeMs: number): number {
  return Math.floor(eventTime / sizeMs) * sizeMs;
}

export function windowKey(tenantId: string, sizeMs: number, start: number): string {
  return `${tenantId}|${sizeMs}|${start}`;
}

export function historyKey(tenantId: string, sizeMs: number): string {
  return `${tenantId}|${sizeMs}`;
}

/** Canonical key of a dimension combination: JSON array of the values in the given dimension order. */
export function dimensionKey<D extends string>(dims: readonly D[], values: Partial<Record<D, string | null>>): string {
  return JSON.stringify(dims.map((d) => values[d] ?? null));
}

export function parseDimensionKey<D extends string>(dims: readonly D[], key: string): DimensionValues<D> {
  const values = JSON.parse(key) as (string | null)[];
  return Object.fromEntries(dims.map((d, i) => [d, values[i] ?? null])) as DimensionValues<D>;
}

export function toMicro(value: number): bigint {
  if (!Number.isFinite(value)) throw new InvalidRcaInputError(`KPI value must be finite, got ${value}`);
  return BigInt(Math.round(value * 1e6));
}

export function fromMicro(micro: string): number {
  return Number(BigInt(micro)) / 1e6;
}
