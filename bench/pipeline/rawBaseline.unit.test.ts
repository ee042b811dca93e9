import { describe, expect, it } from 'vitest';
import { parseConsumerPerformance, parseProducerPerformance } from './rawBaseline.js';

describe("Kafka's performance tools' output", () => {
  it('takes the final summary line of ProducerPerformance, not an interim one', () => {
    const out = [
      '6255 records sent, 1247.8 records/sec (0.59 MB/sec), 856.0 ms avg latency, 2816.0 ms max latency.',
      '20000 records sent, 2644.103649 records/sec (1.26 MB/sec), 1633.19 ms avg latency, 2816.00 ms max latency, 1915 ms 50th, 2203 ms 95th, 2288 ms 99th, 2308 ms 99.9th.',
    ].join('\n');
    expect(parseProducerPerformance(out)).toEqual({ recordsPerSec: 2644.103649, mbPerSec: 1.26, p50Ms: 1915, p99Ms: 2288 });
  });

  it('reads the CSV line of ConsumerPerformance (overall and fetch-only rates)', () => {
    const out = [
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
      '2026-11-26 06:32:23:973, 2026-11-26 06:32:30:442, 9.5367, 1.4742, 20000, 3091.6680, 4388, 2081, 4.5828, 9610.7641',
    ].join('\n');
    expect(parseConsumerPerformance(out)).toEqual({ mbPerSec: 1.4742, recordsPerSec: 3091.668, fetchRecordsPerSec: 9610.7641 });
  });

  it('fails with the output when the tool printed no summary (it did not finish)', () => {
    expect(() => parseProducerPerformance('ERROR Topic bench not present in metadata')).toThrow(/cannot read ProducerPerformance output/);
  });
});
