import { describe, expect, it } from 'vitest';
import { percent, renderMarkdown, throughputRatio } from './report.js';
import type { BenchResult } from './result.js';

const base: BenchResult = {
  startedAt: '2026-11-26T07:00:00.000Z',
  finishedAt: '2026-11-26T07:10:00.000Z',
  machine: { cpus: 2, loadAverage: { start: [2, 2, 2], end: [3, 3, 3] }, node: 'v22', note: 'test' },
  options: {},
};
const raw: NonNullable<BenchResult['raw']> = {
  records: 1000, recordBytes: 500, partitions: 6,
  produce: { recordsPerSec: 50_000, mbPerSec: 23.8, p50Ms: 5, p99Ms: 40 },
  consume: { recordsPerSec: 40_000, mbPerSec: 19, fetchRecordsPerSec: 80_000 },
};
const pipeline = { records: 200_000, ingestRecordsPerSec: 9_000, canonical: 199_000, qualityChecks: 199_000, decisions: 50_000, seconds: 100, recordsPerSec: 2_000 };

describe('throughputRatio', () => {
  it('is pipeline records/s over raw consume records/s', () => {
    expect(throughputRatio({ raw, pipeline })).toBe(0.05);
  });

  it('is undefined when either side was not measured', () => {
    expect(throughputRatio({ pipeline })).toBeUndefined();
    expect(throughputRatio({ raw })).toBeUndefined();
  });
});

describe('renderMarkdown', () => {
  it('shows each target with its verdict: a missed ratio and a met latency', () => {
    const md = renderMarkdown({
      ...base, raw, pipeline, ratio: 0.05,
      latency: { offeredPerSec: 5_000, achievedPerSec: 4_990, seconds: 30, records: 150_000, measured: 149_000, e2eMs: { count: 149_000, p50: 120, p95: 300, p99: 450, max: 900, mean: 150 } },
    });
    expect(md).toContain('| pipeline ≥ 50 % of raw consume throughput | 5.0 % | **not met** |');
    expect(md).toContain('| p99 end-to-end < 500 ms at 5,000 records/s offered | 450 ms | met |');
    expect(md).toContain('| 120 ms | 300 ms | 450 ms | 900 ms | 150 ms |');
  });

  it('fails the RSS target when one app is above 300 MB, and reports every app', () => {
    const md = renderMarkdown({ ...base, rssBytes: { transform: 200 * 1024 * 1024, match: 350 * 1024 * 1024 } });
    expect(md).toContain('| no app above 300 MB RSS | max 350 MB | **not met** |');
    expect(md).toContain('| transform | 200 MB |');
  });

  it('says under which heap cap the RSS was measured', () => {
    const rssBytes = { projector: 250 * 1024 * 1024 };
    expect(renderMarkdown({ ...base, options: { 'heap-mb': '160' }, rssBytes })).toContain('Each app ran with `--max-old-space-size=160` (`--heap-mb`).');
    expect(renderMarkdown({ ...base, options: { 'heap-mb': '0' }, rssBytes })).toContain("Each app ran with Node's default heap limit.");
  });

  it('calls comparisons per record flat only when every size finished within 1.5× of the smallest', () => {
    const ok = (records: number, perRecord: number) => ({ records, status: 'ok' as const, comparisons: records * perRecord, perRecord, seconds: 1 });
    expect(renderMarkdown({ ...base, match: [ok(10_000, 10), ok(100_000, 12)] })).toContain('| 10.00 → 12.00 | met |');
    expect(renderMarkdown({ ...base, match: [ok(10_000, 10), ok(100_000, 20)] })).toContain('| 10.00 → 20.00 | **not met** |');
    const timedOut = renderMarkdown({ ...base, match: [ok(10_000, 10), ok(100_000, 10), { records: 1_000_000, status: 'timeout', seconds: 240, note: 'stopped after 240 s' }] });
    expect(timedOut).toContain('| **not met** |');
    expect(timedOut).toContain('| 1,000,000 | timeout | — | 240.00 s (stopped after 240 s) |');
  });

  it('says "not measured" for a part that was skipped', () => {
    expect(renderMarkdown(base)).toContain('| p99 end-to-end < 500 ms at — records/s offered | — | not measured |');
  });
});

describe('percent', () => {
  it('keeps two significant digits below 1 % (a pipeline at 34 of 125,188 records/s is not "0.0 %")', () => {
    expect(percent(34 / 125_188)).toBe('0.027 %');
    expect(percent(0.5)).toBe('50.0 %');
    expect(percent(0)).toBe('0.0 %');
    expect(percent(undefined)).toBe('—');
  });
});
