import type { Summary } from './stats.js';

/** What one `npm run bench` run measured; every part is optional so a partial run (`--only`) still reports. */
export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; loadAverage: { start: number[]; end: number[] }; node: string; note: string };
  options: Record<string, unknown>;
  raw?: {
    records: number;
    recordBytes: number;
    partitions: number;
    produce: { recordsPerSec: number; mbPerSec: number; p50Ms: number; p99Ms: number };
    consume: { recordsPerSec: number; mbPerSec: number; fetchRecordsPerSec: number };
  };
  runtime?: {
    records: number;
    event: string;
    /** Compression of the runtime processor's outputs ('none' or 'gzip'). */
    compression?: string;
    produceRecordsPerSec: number;
    consumeRecordsPerSec: number;
    processRecordsPerSec: number;
  };
  pipeline?: {
    records: number;
    ingestRecordsPerSec: number;
    canonical: number;
    qualityChecks: number;
    decisions: number;
    seconds: number;
    recordsPerSec: number;
  };
  latency?: {
    offeredPerSec: number;
    achievedPerSec: number;
    seconds: number;
    records: number;
    measured: number;
    e2eMs: Summary;
  };
  rssBytes?: Record<string, number | null>;
  match?: { records: number; status: 'ok' | 'timeout' | 'failed'; comparisons?: number; perRecord?: number; seconds: number; note?: string }[];
  /** Parts that failed, with their error. */
  errors?: Record<string, string>;
  /** Pipeline records/s divided by the raw consumer's records/s. */
  ratio?: number;
}

export const TARGETS = {
  ratio: 0.5,
  p99Ms: 500,
  rssBytes: 300 * 1024 * 1024,
} as const;
