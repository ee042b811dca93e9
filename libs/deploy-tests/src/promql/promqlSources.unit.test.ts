import { describe, expect, it } from 'vitest';
import { declaredMetrics, defaultMetricPrefixes, seriesNames } from './declaredMetrics.js';
import { dashboardExpressions, recordedNames, ruleExpressions } from './promqlSources.js';

describe('declaredMetrics', () => {
  it('given prom-client constructors, one spanning lines, then names and types are found', () => {
    const source = `
      a: new Counter({ name: 'rivulet_a_total', help: 'x' }),
      b: new Histogram({
        name: 'rivulet_b_seconds',
        buckets: [1],
      }),
      c: new Gauge<'topic'>({ name: 'rivulet_c', help: 'y' }),
      d: { name: 'rivulet_d' },`;
    expect(declaredMetrics(source)).toEqual([
      { name: 'rivulet_a_total', type: 'counter' },
      { name: 'rivulet_b_seconds', type: 'histogram' },
      { name: 'rivulet_c', type: 'gauge' },
      { name: 'rivulet_d', type: 'unknown' },
    ]);
  });

  it('given a histogram, then its bucket, sum and count series are known too', () => {
    expect(seriesNames({ name: 'h', type: 'histogram' })).toEqual(['h', 'h_bucket', 'h_sum', 'h_count']);
    expect(seriesNames({ name: 'c_total', type: 'counter' })).toEqual(['c_total']);
  });

  it('given collectDefaultMetrics calls, then their prefixes are found', () => {
    expect(defaultMetricPrefixes(`collectDefaultMetrics({ register: registry, prefix: 'rivulet_gateway_' });`)).toEqual(['rivulet_gateway_']);
  });
});

describe('PromQL sources', () => {
  it('given a rules file, then every expression and recorded name is listed', () => {
    const doc = { groups: [{ name: 'g', rules: [{ record: 'job:x:rate5m', expr: 'sum(rate(x[5m]))' }, { alert: 'A', expr: 'job:x:rate5m > 1' }] }] };
    expect(ruleExpressions(doc)).toEqual([{ where: 'g/job:x:rate5m', expr: 'sum(rate(x[5m]))' }, { where: 'g/A', expr: 'job:x:rate5m > 1' }]);
    expect(recordedNames(doc)).toEqual(['job:x:rate5m']);
  });

  it('given a dashboard with rows and a query variable, then panel targets and the variable query are listed', () => {
    const dashboard = {
      title: 'D',
      panels: [{ title: 'P', targets: [{ refId: 'A', expr: 'up' }] }, { title: 'R', type: 'row', panels: [{ title: 'Q', targets: [{ refId: 'B', expr: 'y' }] }] }],
      templating: { list: [{ name: 'job', type: 'query', query: { query: 'label_values(up, job)' } }, { name: 'c', type: 'custom', query: 'a,b' }] },
    };
    expect(dashboardExpressions(dashboard)).toEqual([
      { where: 'D / P / A', expr: 'up' },
      { where: 'D / Q / B', expr: 'y' },
      { where: 'D / variable job', expr: 'label_values(up, job)', variable: true },
    ]);
  });
});
