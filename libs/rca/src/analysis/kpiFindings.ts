import type { Correlation, Prediction, RcaFinding, Trend } from '../contracts.js';
import { analysisIdFor, uuidV5 } from '../ids.js';
import { combinationSearch, type Combination } from '../localise/combinationSearch.js';
import type { Leaf } from '../localise/leaves.js';
import { fromMicro, type WindowAggregate } from '../window/windowState.js';
import { FINDING_SCHEMA_VERSION } from './findingVersion.js';
import { isoMinute } from './recommendations.js';

/** Dimensions KPI facts are counted by (KpiFactRecorded.dimensions), the order of the key after the KPI name. */
export const KPI_DIMENSIONS = ['source_system', 'region', 'segment'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export interface KpiMovementOptions {
  /** |window total − baseline mean| must be at least this many baseline standard deviations (default 3). */
  zMin?: number;
  /** ... and at least this fraction of the baseline mean (default 0.05), so a KPI flat enough to have sd ≈ 0 does not alert on small change. */
  minRelativeChange?: number;
  /** Baseline windows needed before a KPI can move abnormally (default 3). */
  minBaseline?: number;
  /** Most causes per KPI (default 3). */
  k?: number;
}

export interface KpiMovement {
  kpi: string;
  unit: string;
  actual: number;
  expected: number;
  /** Sample standard deviation of the baseline windows' totals. */
  sd: number;
  direction: 'up' | 'down';
  causes: (Combination<KpiDimension> & { rank: number; delta: number })[];
}

/**
 * KPIs of the window that moved abnormally against their baseline windows (the mean of the same KPI's total per
 * window, a window without the KPI counting 0), each localised over source system, region and segment.
 *
 * The localisation is the same combination search as for quality issues, on the movement mirrored into an
 * excess: a leaf's excess is its change in the direction the KPI moved (a drop of 80 on a forecast of 100 reads
 * as 180 against 100), so the search names the combinations that carry the drop (or the rise), and a leaf that
 * moved the other way explains none of it. Deterministic: KPIs and leaves are taken in key order.
 */
export function kpiMovements(window: WindowAggregate, baseline: readonly WindowAggregate[], o: KpiMovementOptions = {}): KpiMovement[] {
  const minBaseline = o.minBaseline ?? 3;
  if (baseline.length < minBaseline) return [];
  const byKpi = new Map<string, Set<string>>();
  for (const w of [...baseline, window]) {
    for (const key of Object.keys(w.kpis)) {
      const kpi = (JSON.parse(key) as string[])[0]!;
      byKpi.set(kpi, (byKpi.get(kpi) ?? new Set()).add(key));
    }
  }
  const out: KpiMovement[] = [];
  for (const kpi of [...byKpi.keys()].sort()) {
    const keys = [...byKpi.get(kpi)!].sort();
    const value = (w: WindowAggregate, key: string) => (w.kpis[key] ? fromMicro(w.kpis[key].sumMicro) : 0);
    const totals = baseline.map((b) => keys.reduce((s, k) => s + value(b, k), 0));
    const expected = totals.reduce((s, t) => s + t, 0) / totals.length;
    const sd = Math.sqrt(totals.reduce((s, t) => s + (t - expected) ** 2, 0) / Math.max(1, totals.length - 1));
    const actual = keys.reduce((s, k) => s + value(window, k), 0);
    const delta = actual - expected;
    if (Math.abs(delta) < (o.minRelativeChange ?? 0.05) * Math.abs(expected) || Math.abs(delta) < (o.zMin ?? 3) * sd || delta === 0) continue;
    const sign = Math.sign(delta);
    const leaves: Leaf<KpiDimension>[] = keys.map((key) => {
      const [, source_system, region, segment] = JSON.parse(key) as (string | null)[];
      const forecast = Math.abs(baseline.reduce((s, b) => s + value(b, key), 0) / baseline.length);
      const moved = sign * (value(window, key) - baseline.reduce((s, b) => s + value(b, key), 0) / baseline.length);
      return { key, dims: { source_system: source_system ?? null, region: region ?? null, segment: segment ?? null }, forecast, actual: Math.max(0, forecast + moved), firstAt: window.start };
    });
    // Every leaf that carries at least 5% of the movement counts as abnormal; the KPI as a whole already passed the significance test above.
    const combos = combinationSearch(leaves, KPI_DIMENSIONS, { zMin: 0, minExcess: 0.05 * Math.abs(delta), k: o.k ?? 3, maxDimensions: 3 });
    const unit = window.kpis[keys.find((k) => window.kpis[k]) ?? '']?.unit ?? baseline.flatMap((b) => keys.map((k) => b.kpis[k]?.unit)).find((u) => u !== undefined) ?? '';
    out.push({
      kpi, unit, actual, expected, sd, direction: delta > 0 ? 'up' : 'down',
      causes: combos.map((c, i) => ({ ...c, dimensions: withImpliedSource(c.dimensions, leaves), rank: i + 1, delta: c.actual - c.forecast })),
    });
  }
  return out;
}

/** Names the source of a cause that leaves it out when every leaf it covers has the same one (only billing books revenue: {region: NORTH} → {source_system: billing, region: NORTH}); the leaves, and so the numbers, are unchanged. */
function withImpliedSource(dims: Partial<Record<KpiDimension, string | null>>, leaves: readonly Leaf<KpiDimension>[]): Partial<Record<KpiDimension, string | null>> {
  if (dims.source_system !== undefined) return dims;
  const covered = leaves.filter((l) => KPI_DIMENSIONS.every((d) => dims[d] === undefined || l.dims[d] === dims[d]));
  const sources = new Set(covered.map((l) => l.dims.source_system));
  const [only] = sources;
  return sources.size === 1 && only !== null && only !== undefined ? { source_system: only, ...dims } : dims;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const amount = (x: number, unit: string) => `${Number(x.toFixed(2))}${unit ? ` ${unit}` : ''}`;

/** One rca.findings event per abnormal KPI movement, with the statistics of the window that concern that KPI. */
export function kpiFindings(
  window: WindowAggregate, baseline: readonly WindowAggregate[],
  config: { now: number; kpi?: KpiMovementOptions },
  statistics: { correlations: Correlation[]; trends: Trend[]; predictions: Prediction[] },
): RcaFinding[] {
  return kpiMovements(window, baseline, config.kpi).map((m) => {
    const analysisId = analysisIdFor(window.tenantId, window, m.kpi);
    const change = m.expected !== 0 ? Math.abs(m.actual - m.expected) / Math.abs(m.expected) : 1;
    const headline = `${m.kpi} ${m.direction === 'down' ? 'fell' : 'rose'} ${pct(change)} ${m.direction === 'down' ? 'below' : 'above'} its baseline in ${isoMinute(window.start)} .. ${isoMinute(window.end)}: ${amount(m.actual, m.unit)} against ${amount(m.expected, m.unit)} expected (baseline sd ${amount(m.sd, m.unit)}).`;
    const recommendations = [
      ...m.causes.map((c) => {
        const scope = KPI_DIMENSIONS.filter((d) => c.dimensions[d] !== undefined).map((d) => `${d === 'source_system' ? 'source' : d} ${c.dimensions[d] ?? '(none)'}`).join(', ');
        const observed = m.direction === 'down' ? c.forecast - c.delta : c.forecast + c.delta;
        return `Check ${m.kpi} from ${scope}: ${m.direction} ${amount(c.delta, m.unit)} (${amount(observed, m.unit)} against ${amount(c.forecast, m.unit)} expected), ${pct(c.share)} of the movement.`;
      }),
      headline,
    ];
    const explained = Math.min(1, m.causes.reduce((s, c) => s + c.share, 0));
    // How clean the top cause is: the fraction of its own expected value it moved (the search's precision is on the mirrored values).
    const top = m.causes[0];
    const precision = top && top.forecast > 0 ? Math.min(1, top.delta / top.forecast) : 0;
    const evidence = Math.min(1, baseline.length / 3);
    const confidence = m.causes.length === 0 ? 0 : Math.max(0, Math.min(1, explained * (0.5 + 0.5 * precision) * (0.6 + 0.4 * evidence)));
    return {
      envelope: {
        event_id: uuidV5(`rca-finding|${analysisId}|v${FINDING_SCHEMA_VERSION}`),
        tenant_id: window.tenantId, source_system: 'rca', event_time: window.end, ingest_time: config.now,
        schema_version: FINDING_SCHEMA_VERSION, lineage: null, pii_subject_id: null, trace_id: null,
      },
      analysis_id: analysisId,
      window: { start: window.start, end: window.end },
      metric: m.kpi,
      root_causes: m.causes.map((c) => ({
        dimensions: Object.fromEntries(Object.entries(c.dimensions).map(([k, v]) => [k, v ?? '(none)'])),
        share: c.share, surprise: c.surprise, explanatory_power: c.explanatoryPower, rank: c.rank,
      })),
      correlations: statistics.correlations.filter((c) => c.left === m.kpi || c.right === m.kpi),
      trends: statistics.trends.filter((t) => t.metric === m.kpi),
      predictions: statistics.predictions.filter((p) => p.target === m.kpi),
      recommendations,
      confidence_score: confidence,
    };
  });
}
