import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredMetrics, defaultMetricPrefixes, seriesNames } from './promql/declaredMetrics.js';
import { defaultMetrics } from './promql/defaultMetrics.js';
import { metricNamesInExpr, metricNamesInVariableQuery } from './promql/metricNamesInExpr.js';
import { dashboardExpressions, recordedNames, ruleExpressions, type PromqlSource } from './promql/promqlSources.js';
import { readRepoText, readRepoYaml, repoRoot, typescriptSources } from './repoFiles.js';

// Every PromQL expression of the dashboards and rules may only name metrics the code defines, so renaming
// a metric in TypeScript breaks this test instead of silently emptying a panel or disarming an alert.

const RULES = 'observability/rules/rivulet.rules.yml';
const DASHBOARDS = 'observability/grafana/dashboards';
/** Series Prometheus itself adds per target, and its alert state series. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added', 'ALERTS', 'ALERTS_FOR_STATE'];

const dashboardFiles = readdirSync(join(repoRoot, DASHBOARDS)).filter((f) => f.endsWith('.json')).map((f) => `${DASHBOARDS}/${f}`);
const dashboards = dashboardFiles.map((path) => ({ path, json: JSON.parse(readRepoText(path)) as Record<string, unknown> }));
const rules = readRepoYaml(RULES);

let known: Set<string>;
let declaredInCode: string[];

beforeAll(async () => {
  const sources = typescriptSources().map(readRepoText);
  const declared = sources.flatMap(declaredMetrics);
  declaredInCode = declared.map((m) => m.name);
  const prefixes = [...new Set(sources.flatMap(defaultMetricPrefixes))];
  const defaults = (await Promise.all(prefixes.map(defaultMetrics))).flat();
  known = new Set([...declared, ...defaults].flatMap(seriesNames).concat(recordedNames(rules), PROMETHEUS_SERIES));
});

const unknownNames = (sources: PromqlSource[]) =>
  sources.flatMap((s) => (s.variable ? metricNamesInVariableQuery(s.expr) : metricNamesInExpr(s.expr)).filter((n) => !known.has(n)).map((n) => `${s.where}: ${n}`));

describe('metric names in observability/', () => {
  it('given the TypeScript sources, when metric declarations are collected, then the runtime, quality and projector metrics are among them', () => {
    // Guards the collector itself: if it found nothing, every name below would look unknown for the wrong reason.
    expect(declaredInCode).toEqual(expect.arrayContaining(['rivulet_records_in_total', 'rivulet_consumer_lag', 'rivulet_quality_score', 'rivulet_projection_e2e_latency_seconds']));
    expect(known.has('rivulet_process_resident_memory_bytes')).toBe(true);
    expect(known.has('rivulet_processing_seconds_bucket')).toBe(true);
  });

  it('given the alert and recording rules, then every metric they read is defined in code or by a recording rule', () => {
    const sources = ruleExpressions(rules);
    expect(sources.length).toBeGreaterThan(0);
    expect(unknownNames(sources)).toEqual([]);
  });

  it.each(dashboardFiles)('given dashboard %s, then every panel and variable query reads only metrics defined in code', (path) => {
    const sources = dashboardExpressions(dashboards.find((d) => d.path === path)!.json);
    expect(sources.length).toBeGreaterThan(0);
    expect(unknownNames(sources)).toEqual([]);
  });
});

describe('Grafana dashboards and provisioning', () => {
  const datasources = readRepoYaml('observability/grafana/provisioning/datasources/prometheus.yml') as { datasources: { uid: string }[] };
  const uids = new Set(datasources.datasources.map((d) => d.uid));

  it.each(dashboardFiles)('given dashboard %s, then it has a uid, unique panel ids and only provisioned datasources', (path) => {
    const dashboard = dashboards.find((d) => d.path === path)!.json as { uid?: string; panels: { id: number; datasource?: { uid: string }; targets?: { datasource?: { uid: string } }[] }[] };
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const used = dashboard.panels.flatMap((p) => [p.datasource?.uid, ...(p.targets ?? []).map((t) => t.datasource?.uid)]).filter((u): u is string => u !== undefined);
    expect(used.filter((u) => !uids.has(u))).toEqual([]);
  });

  it('given the issue\'s panel list, then the overview dashboard covers each of them', () => {
    const exprs = dashboardExpressions(dashboards.find((d) => d.path.endsWith('rivulet-overview.json'))!.json).map((s) => s.expr).join('\n');
    for (const needed of ['rivulet_records_in_total', 'rivulet_records_out_total', 'rivulet_dlq_records_total', 'rivulet_consumer_lag', 'histogram_quantile(0.99, sum by (job, le) (rate(rivulet_processing_seconds_bucket', 'rivulet_projection_e2e_latency_seconds_bucket', 'rivulet_quality_score_sum', 'rivulet_errors_total', 'rivulet_process_resident_memory_bytes']) {
      expect(exprs).toContain(needed);
    }
  });
});
