import type { CompiledChecks } from '../checks/compiledChecks.js';
import { evaluateWindow, type WindowCheckResult } from '../window/evaluateWindow.js';
import { assessVolume, type VolumeAssessment } from '../window/volumeBaseline.js';
import { summarizeWindow, type WindowStats } from '../window/windowStats.js';
import { renderReportHtml } from './renderReportHtml.js';

export interface ReportInput {
  /** One stats object per source × entity × window (already merged). */
  windows: readonly WindowStats[];
  /** Checks per entity, to judge window thresholds; entities without are reported without check verdicts. */
  checks?: Readonly<Record<string, CompiledChecks>>;
  /** Record counts of previous windows per `<source>/<entity>`, oldest first, for the volume baseline. */
  history?: Readonly<Record<string, readonly number[]>>;
  /** Record counts of the windows before this one (oldest first); wins over `history` when given. */
  historyOf?: (window: WindowStats) => readonly number[];
  title?: string;
  /** Epoch ms; passed in so a report is reproducible. */
  generatedAt: number;
}

export interface ReportSection {
  source: string;
  entity: string;
  window_start: string;
  window_end: string;
  records: number;
  quality_score: number;
  pass_rate: number;
  validity: number;
  duplicate_rate: number;
  completeness: Record<string, number>;
  volume: VolumeAssessment;
  checks: WindowCheckResult[];
}

export interface QualityReport {
  title: string;
  generated_at: string;
  period: { start: string | null; end: string | null };
  summary: { total_records: number; quality_score: number; sections: number; failing_checks: number; volume_alerts: number };
  sections: ReportSection[];
  recommendations: string[];
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const iso = (ms: number) => new Date(ms).toISOString();

function recommendationsFor(s: ReportSection): string[] {
  const out: string[] = [];
  const where = `${s.source}/${s.entity}`;
  for (const c of s.checks.filter((x) => x.status !== 'PASS'))
    out.push(`${where}: ${c.check} failed on ${c.failedPercent.toFixed(1)}% of records (${c.status}); fix ${c.field ?? 'the data'} at the source.`);
  for (const [field, share] of Object.entries(s.completeness))
    if (share < 0.9) out.push(`${where}: ${field} is only ${(share * 100).toFixed(1)}% complete; make it mandatory upstream or backfill it.`);
  if (s.duplicate_rate > 0.01) out.push(`${where}: ${(s.duplicate_rate * 100).toFixed(1)}% duplicates; deduplicate before loading.`);
  if (s.volume.verdict === 'drop') out.push(`${where}: volume dropped to ${s.records} (usual ${s.volume.median}); check the feed.`);
  if (s.volume.verdict === 'spike') out.push(`${where}: volume spiked to ${s.records} (usual ${s.volume.median}); look for replays or duplicates.`);
  return out;
}

/**
 * The quality report behind the seed's `POST /generate-report`: per source × entity × window the ratios,
 * window check verdicts and volume against its robust baseline, plus recommendations; as JSON and as a
 * self-contained HTML page (every interpolated value escaped). Pure: the caller supplies the clock.
 */
export function generateReport(input: ReportInput): { report: QualityReport; html: string } {
  const sections: ReportSection[] = [...input.windows]
    .sort((a, b) => a.windowStart - b.windowStart || a.source.localeCompare(b.source) || a.entity.localeCompare(b.entity))
    .map((w) => {
      const s = summarizeWindow(w);
      const checks = input.checks?.[w.entity];
      return {
        source: w.source,
        entity: w.entity,
        window_start: iso(w.windowStart),
        window_end: iso(w.windowEnd),
        records: s.records,
        quality_score: round(s.qualityScore),
        pass_rate: round(s.passRate),
        validity: round(s.validity),
        duplicate_rate: round(s.duplicateRate),
        completeness: Object.fromEntries(Object.entries(s.completeness).map(([k, v]) => [k, round(v)])),
        volume: assessVolume(input.historyOf?.(w) ?? input.history?.[`${w.source}/${w.entity}`] ?? [], s.records),
        checks: checks ? evaluateWindow(checks, w) : [],
      };
    });
  const total = sections.reduce((n, s) => n + s.records, 0);
  const scoreSum = input.windows.reduce((n, w) => n + w.scoreSum, 0);
  const report: QualityReport = {
    title: input.title ?? 'Data quality report',
    generated_at: iso(input.generatedAt),
    period: {
      start: input.windows.length ? iso(Math.min(...input.windows.map((w) => w.windowStart))) : null,
      end: input.windows.length ? iso(Math.max(...input.windows.map((w) => w.windowEnd))) : null,
    },
    summary: {
      total_records: total,
      quality_score: round(total === 0 ? 1 : scoreSum / total),
      sections: sections.length,
      failing_checks: sections.reduce((n, s) => n + s.checks.filter((c) => c.status !== 'PASS').length, 0),
      volume_alerts: sections.filter((s) => s.volume.verdict === 'drop' || s.volume.verdict === 'spike').length,
    },
    sections,
    recommendations: sections.flatMap(recommendationsFor),
  };
  return { report, html: renderReportHtml(report) };
}
