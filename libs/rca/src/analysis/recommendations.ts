import type { UpstreamCandidate } from '../graph/rankUpstream.js';
import type { FailureDetail } from './drillDown.js';

export interface LocatedCause {
  dimensions: Partial<Record<string, string | null>>;
  share: number;
  details: FailureDetail[];
  /** Named by the dependency graph: the upstream node and the combinations it explains. */
  upstream?: { node: string; symptoms: Partial<Record<string, string | null>>[] };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** ISO-8601 to the minute, e.g. 2026-11-20T10:00Z. */
export const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';

/** How a check's failure reads in a sentence, from its name (completeness.email → "missing"). */
export function failureVerb(check: string | null): string {
  const c = (check ?? '').toLowerCase();
  if (/referen|lookup|exists/.test(c)) return 'unresolved';
  if (/complete|missing|required|null|empty/.test(c)) return 'missing';
  if (/valid|format|pattern|range|country|phone|email/.test(c)) return 'invalid';
  if (/consisten|reconcil|mismatch/.test(c)) return 'inconsistent';
  if (/unique|duplicate/.test(c)) return 'duplicated';
  if (/timel|fresh|late/.test(c)) return 'late';
  return `failing ${check ?? 'checks'}`;
}

const plural = (entity: string | null) => (entity === null ? 'records' : entity.endsWith('s') ? entity : `${entity}s`);

/** A sentence naming the concrete source, scope, field, rate, start and share of one localised cause. */
export function recommendationFor(cause: LocatedCause, totalIssues: number): string {
  const d = cause.dimensions;
  const scope = [
    d.source_system !== undefined ? `${d.source_system ?? '(no source)'}` : d.topic !== undefined ? `topic ${d.topic}` : 'all sources',
    d.entity !== undefined ? `${d.entity ?? '(no entity)'}` : null,
    d.region !== undefined ? `in region ${d.region ?? '(none)'}` : null,
    d.segment !== undefined ? `segment ${d.segment ?? '(none)'}` : null,
    d.field !== undefined ? `field ${d.field ?? '(none)'}` : null,
    d.check !== undefined ? `check ${d.check ?? '(none)'}` : null,
  ].filter((s): s is string => s !== null).join(' ');
  // Rows of another source than the one named (the symptoms of an upstream cause) say whose records they are.
  const other = (f: FailureDetail) => cause.upstream !== undefined || (d.source_system !== undefined && f.source_system !== d.source_system);
  const parts = cause.details.slice(0, 3).map((f) => {
    const whose = other(f) ? `${f.source_system ?? '(no source)'} ${f.entity ?? ''} `.replace(/ +$/, ' ') : '';
    const what = `${whose}${f.field !== null ? `field ${f.field} ${failureVerb(f.check)}` : `check ${f.check} failing`}`;
    const extent = f.rate !== null ? `in ${pct(Math.min(1, f.rate))} of its ${plural(f.entity)}` : `${f.actual} times (expected ${f.forecast.toFixed(1)})`;
    const share = totalIssues > 0 ? ` (${pct(f.actual / totalIssues)} of all quality issues in this window)` : '';
    return `${what} ${extent} since ${isoMinute(f.since)}${share}`;
  });
  const body = parts.length > 0 ? parts.join('; ') : `${pct(cause.share)} of the excess quality issues`;
  if (cause.upstream) {
    const fed = [...new Set(cause.details.map((f) => `${f.source_system ?? '(no source)'} ${plural(f.entity)}`))].join(', ');
    return `Check ${scope} (${cause.upstream.node}): it is upstream of the failing checks on ${fed}, ${pct(cause.share)} of the excess issues: ${body}.`;
  }
  return `Check ${scope}: ${body}.`;
}

export function upstreamRecommendation(top: UpstreamCandidate): string {
  return `Fix upstream at ${top.node}: it feeds ${top.failingChecks} failing check(s) carrying ${pct(top.coverage)} of the excess failures, and the failure is ${pct(top.specificity)} of what it feeds into checks, so it is the cause rather than each check.`;
}
