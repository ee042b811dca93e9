import { escapeHtml as e } from './escapeHtml.js';
import type { QualityReport, ReportSection } from './generateReport.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function section(s: ReportSection): string {
  const checks = s.checks
    .map((c) => `<tr class="${e(c.status.toLowerCase())}"><td>${e(c.check)}</td><td>${e(c.field ?? '')}</td><td>${c.failed}/${c.evaluated}</td><td>${c.failedPercent.toFixed(1)}%</td><td>${e(c.status)}</td></tr>`)
    .join('');
  const completeness = Object.entries(s.completeness)
    .map(([f, v]) => `<tr><td>${e(f)}</td><td>${pct(v)}</td></tr>`)
    .join('');
  const score = Number.isFinite(s.volume.score) ? s.volume.score.toFixed(2) : String(s.volume.score);
  return `<section>
<h2>${e(s.source)} / ${e(s.entity)} <small>${e(s.window_start)} – ${e(s.window_end)}</small></h2>
<p>Records: ${s.records} · score ${s.quality_score.toFixed(3)} · pass rate ${pct(s.pass_rate)} · validity ${pct(s.validity)} · duplicates ${pct(s.duplicate_rate)} · volume ${e(s.volume.verdict)} (robust z ${e(score)})</p>
${checks ? `<table><thead><tr><th>Check</th><th>Field</th><th>Failed</th><th>%</th><th>Status</th></tr></thead><tbody>${checks}</tbody></table>` : ''}
${completeness ? `<details><summary>Completeness</summary><table><tbody>${completeness}</tbody></table></details>` : ''}
</section>`;
}

/** A self-contained page (inline CSS, no scripts); every value from data goes through escapeHtml. */
export function renderReportHtml(r: QualityReport): string {
  const recs = r.recommendations.map((x) => `<li>${e(x)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(r.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}tr.warn{background:#fff4cc}tr.fail{background:#fdd}small{color:#666;font-weight:normal}</style>
</head><body>
<h1>${e(r.title)}</h1>
<p>Generated ${e(r.generated_at)} · period ${e(r.period.start ?? '—')} – ${e(r.period.end ?? '—')}</p>
<p>Total records ${r.summary.total_records} · quality score ${r.summary.quality_score.toFixed(3)} · failing checks ${r.summary.failing_checks} · volume alerts ${r.summary.volume_alerts}</p>
${recs ? `<h2>Recommendations</h2><ul>${recs}</ul>` : ''}
${r.sections.map(section).join('\n')}
</body></html>`;
}
