import { describe, expect, it } from 'vitest';
import { metricNamesInExpr, metricNamesInVariableQuery } from './metricNamesInExpr.js';

describe('metricNamesInExpr', () => {
  it('given a rate inside an aggregation, then only the metric is named', () => {
    expect(metricNamesInExpr('sum by (job) (rate(rivulet_records_in_total{job=~"$job"}[$__rate_interval]))')).toEqual(['rivulet_records_in_total']);
  });

  it('given label matchers, strings and grouping labels, then none of them count as metrics', () => {
    const expr = 'label_replace(max by (job, topic, partition) (rivulet_consumer_lag{topic="raw.crm"}), "dst", "$1", "src", "(.*)")';
    expect(metricNamesInExpr(expr)).toEqual(['rivulet_consumer_lag']);
  });

  it('given binary operators, vector matching, numbers and offsets, then both operands are named', () => {
    const expr = '(a:b:c offset 1h) - ignoring(instance) group_left(source) up * 1e-9 > bool 0.1 or on(job) vector(0)';
    expect(metricNamesInExpr(expr)).toEqual(['a:b:c', 'up']);
  });

  it('given histogram_quantile over buckets and a recording-rule name with a leading colon, then both are named', () => {
    expect(metricNamesInExpr('histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > :y:p99')).toEqual([':y:p99', 'x_bucket']);
  });

  it('given a Grafana label_values query, then only its metric argument is named', () => {
    expect(metricNamesInVariableQuery('label_values(up, job)')).toEqual(['up']);
    expect(metricNamesInVariableQuery('label_values(rivulet_consumer_lag{job="transform"}, topic)')).toEqual(['rivulet_consumer_lag']);
    expect(metricNamesInVariableQuery('label_values(job)')).toEqual([]);
    expect(metricNamesInVariableQuery('query_result(sum by (job) (up))')).toEqual(['up']);
  });
});
