import { TARGETS, type BenchResult } from './result.js';

const n0 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-US'));
const n2 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(2));
const mb = (bytes: number | null | undefined) => (bytes == null ? '—' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');

/** Pipeline throughput over raw consume throughput, or undefined when either is missing. */
export function throughputRatio(result: Pick<BenchResult, 'pipeline' | 'raw'>): number | undefined {
  const pipeline = result.pipeline?.recordsPerSec;
  const raw = result.raw?.consume.recordsPerSec;
  return pipeline !== undefined && raw !== undefined && raw > 0 ? pipeline / raw : undefined;
}

/** A ratio as a percentage a reader can compare: two significant digits below 1 % (0.027 %), else one decimal. */
export function percent(ratio: number | undefined): string {
  if (ratio === undefined) return '—';
  const pct = ratio * 100;
  return `${pct !== 0 && Math.abs(pct) < 1 ? pct.toPrecision(2) : pct.toFixed(1)} %`;
}

/** The markdown report of one run: the targets first, then each measurement. */
export function renderMarkdown(r: BenchResult): string {
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const rss = Object.entries(r.rssBytes ?? {});
  const perRecord = (r.match ?? []).filter((m) => m.status === 'ok').map((m) => m.perRecord!);
  push(`# Rivulet benchmark ${r.startedAt}`, '');
  push(`${r.machine.cpus} CPUs, load average ${r.machine.loadAverage.start.map(n2).join(' ')} at start, ${r.machine.loadAverage.end.map(n2).join(' ')} at end; Node ${r.machine.node}. ${r.machine.note}`, '');
  push('| target | measured | verdict |', '|---|---|---|');
  push(`| pipeline ≥ ${TARGETS.ratio * 100} % of raw consume throughput | ${percent(r.ratio)} | ${verdict(r.ratio === undefined ? undefined : r.ratio >= TARGETS.ratio)} |`);
  push(`| p99 end-to-end < ${TARGETS.p99Ms} ms at ${n0(r.latency?.offeredPerSec)} records/s offered | ${r.latency ? `${n0(r.latency.e2eMs.p99)} ms` : '—'} | ${verdict(r.latency ? r.latency.e2eMs.p99 < TARGETS.p99Ms : undefined)} |`);
  push(`| no app above ${mb(TARGETS.rssBytes)} RSS | ${rss.length ? `max ${mb(Math.max(...rss.map(([, v]) => v ?? 0)))}` : '—'} | ${verdict(rss.length ? rss.every(([, v]) => v !== null && v <= TARGETS.rssBytes) : undefined)} |`);
  push(`| match comparisons per record flat as input grows | ${perRecord.length ? perRecord.map(n2).join(' → ') : '—'} | ${verdict(perRecord.length > 1 ? Math.max(...perRecord) <= 1.5 * Math.min(...perRecord) && (r.match ?? []).every((m) => m.status === 'ok') : undefined)} |`);
  push('');
  for (const [name, message] of Object.entries(r.errors ?? {})) push(`**${name} failed:** ${message}`, '');
  if (r.raw) {
    push(`## (a) Raw Kafka baseline (ProducerPerformance / ConsumerPerformance, ${r.raw.recordBytes}-byte records, ${n0(r.raw.records)} records, ${r.raw.partitions} partitions)`, '');
    push('| tool | records/s | MB/s | notes |', '|---|---|---|---|');
    push(`| producer (acks=all) | ${n0(r.raw.produce.recordsPerSec)} | ${n2(r.raw.produce.mbPerSec)} | latency p50 ${n0(r.raw.produce.p50Ms)} ms, p99 ${n0(r.raw.produce.p99Ms)} ms |`);
    push(`| consumer | ${n0(r.raw.consume.recordsPerSec)} | ${n2(r.raw.consume.mbPerSec)} | fetch-only ${n0(r.raw.consume.fetchRecordsPerSec)} records/s (without group join) |`, '');
  }
  if (r.runtime) {
    push(`## (b) kafkajs through the runtime (${r.runtime.event}, ${n0(r.runtime.records)} Avro events)`, '');
    push('| step | records/s |', '|---|---|');
    push(`| encode (registry serde) + produce (kafkajs, acks=all) | ${n0(r.runtime.produceRecordsPerSec)} |`);
    push(`| consume + decode (kafkajs eachBatch, read_committed) | ${n0(r.runtime.consumeRecordsPerSec)} |`);
    push(`| runtime processor: consume → decode → handler → encode → transactional produce + offsets${r.runtime.compression && r.runtime.compression !== 'none' ? ` (${r.runtime.compression} outputs)` : ''} | ${n0(r.runtime.processRecordsPerSec)} |`, '');
  }
  if (r.pipeline) {
    push(`## (c) Full pipeline: generator → raw → transform → quality → match → projector`, '');
    push('| measure | value |', '|---|---|');
    push(`| raw records (backlog, ingested through the CLI's ingest path) | ${n0(r.pipeline.records)} (ingest ${n0(r.pipeline.ingestRecordsPerSec)} records/s) |`);
    push(`| read-model rows: canonical / quality checks / match decisions | ${n0(r.pipeline.canonical)} / ${n0(r.pipeline.qualityChecks)} / ${n0(r.pipeline.decisions)} |`);
    push(`| sustained throughput (transform healthy → last read-model commit) | **${n0(r.pipeline.recordsPerSec)} records/s** over ${n2(r.pipeline.seconds)} s |`);
    push(`| ratio to raw consume | ${percent(r.ratio)} |`, '');
  }
  if (r.latency) {
    const l = r.latency;
    push(`## End-to-end latency at a fixed offered load (ingest time → last read-model row of the record)`, '');
    push(`Offered ${n0(l.offeredPerSec)} records/s for ${n2(l.seconds)} s (achieved ${n0(l.achievedPerSec)} records/s), ${n0(l.records)} records, ${n0(l.measured)} measured.`, '');
    push('| p50 | p95 | p99 | max | mean |', '|---|---|---|---|---|');
    push(`| ${n0(l.e2eMs.p50)} ms | ${n0(l.e2eMs.p95)} ms | ${n0(l.e2eMs.p99)} ms | ${n0(l.e2eMs.max)} ms | ${n0(l.e2eMs.mean)} ms |`, '');
  }
  if (rss.length) {
    const heapMb = Number(r.options['heap-mb'] ?? 0);
    push('## (d) Peak RSS per app (VmHWM)', '', heapMb > 0 ? `Each app ran with \`--max-old-space-size=${heapMb}\` (\`--heap-mb\`).` : 'Each app ran with Node\'s default heap limit.', '');
    push('| app | peak RSS |', '|---|---|');
    for (const [app, bytes] of rss) push(`| ${app} | ${mb(bytes)} |`);
    push('');
  }
  if (r.match?.length) {
    push('## (e) Match comparisons per record (bench/match synthetic worst case)', '', '| records | comparisons | per record | time |', '|---|---|---|---|');
    for (const m of r.match) {
      push(m.status === 'ok'
        ? `| ${n0(m.records)} | ${n0(m.comparisons)} | ${n2(m.perRecord)} | ${n2(m.seconds)} s |`
        : `| ${n0(m.records)} | ${m.status} | — | ${n2(m.seconds)} s${m.note ? ` (${m.note})` : ''} |`);
    }
    push('');
  }
  return lines.join('\n');
}
