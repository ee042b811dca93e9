import { describe, expect, it } from 'vitest';
import { InvalidRetentionPolicyError } from '../errors.js';
import { DEFAULT_RETENTION_POLICY, parseRetentionPolicy } from './retentionPolicy.js';

describe('parseRetentionPolicy', () => {
  it('given tables with ages in days or hours, then one policy per table with its time column and mode', () => {
    expect(parseRetentionPolicy('quality_issues=30d, alerts=12h')).toEqual([
      { table: 'quality_issues', timeColumn: 'event_time', mode: 'summarise', maxAgeMs: 30 * 86_400_000 },
      { table: 'alerts', timeColumn: 'created_at', mode: 'delete', maxAgeMs: 12 * 3_600_000 },
    ]);
    expect(parseRetentionPolicy('')).toEqual([]);
    expect(parseRetentionPolicy(DEFAULT_RETENTION_POLICY).map((p) => p.table)).toEqual(['quality_issues', 'quality_issue_summarised']);
  });

  it('given a bad entry, then an error naming it', () => {
    expect(() => parseRetentionPolicy('quality_issues=30')).toThrow(/"quality_issues=30" must look like/);
    expect(() => parseRetentionPolicy('kpis=30d')).toThrow(/kpis is not one of/);
    expect(() => parseRetentionPolicy('alerts=0d')).toThrow(InvalidRetentionPolicyError);
    expect(() => parseRetentionPolicy('alerts=1d,alerts=2d')).toThrow(/named twice/);
  });
});
