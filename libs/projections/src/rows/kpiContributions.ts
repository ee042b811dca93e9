import type { KpiFactRecorded } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { isoTime } from './columns.js';

export type KpiWindowSize = 'hour' | 'day';
const WINDOW_MS: Record<KpiWindowSize, number> = { hour: 3_600_000, day: 86_400_000 };
export const KPI_WINDOW_SIZES: readonly KpiWindowSize[] = ['hour', 'day'];

/** Start of the UTC window containing `ms` (epoch ms are UTC, and UTC days have no DST). */
export function windowStart(ms: number, size: KpiWindowSize): number {
  return Math.floor(ms / WINDOW_MS[size]) * WINDOW_MS[size];
}

/** One fact's contribution to one KPI row (the `kpis` primary key plus value). */
export interface KpiContribution {
  event_id: string;
  tenant_id: string;
  kpi: string;
  window_size: KpiWindowSize;
  window_start: string;
  region: string;
  segment: string;
  source_system: string;
  unit: string;
  value: number;
}

/**
 * A fact adds its value to its hour and its day (absent dimensions are '' because they are part of the
 * primary key). A non-finite value (NaN from a division upstream) contributes nothing: it would poison
 * every later sum of its window.
 */
export function kpiContributions(event: ProjectedEvent<KpiFactRecorded>): KpiContribution[] {
  const v = event.value;
  if (!Number.isFinite(v.value)) return [];
  return KPI_WINDOW_SIZES.map((size) => ({
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    kpi: v.kpi,
    window_size: size,
    window_start: isoTime(windowStart(v.occurred_at, size)),
    region: v.dimensions.region ?? '',
    segment: v.dimensions.segment ?? '',
    source_system: v.dimensions.source_system,
    unit: v.unit,
    value: v.value,
  }));
}
