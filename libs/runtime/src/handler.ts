import type { Decision } from './decision.js';

/** One decoded input record as the handler sees it. */
export interface InputRecord<V = unknown> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: V;
  /** Schema id the value was written with. */
  schemaId: number;
  headers: Record<string, string>;
  /** Broker timestamp (ms since epoch). */
  timestamp: number;
}

/** What a handler may read: the clock and read-only lookups. Handlers never do I/O themselves. */
export interface HandlerContext<L = unknown> {
  /** The processing time, fixed per batch so a batch is deterministic. */
  now: Date;
  app: string;
  lookups: L;
}

export type Handler<V = unknown, L = unknown> = (
  record: InputRecord<V>,
  ctx: HandlerContext<L>,
) => Decision | Promise<Decision>;

/**
 * Called once per chunk, before its records are handled, with every record that decoded: a place to load in
 * one round trip what the handler would otherwise look up record by record (keys, reference data). It only
 * warms what the handler reads; the handler must give the same decisions without it. A retriable error is
 * retried like the handler's (and aborts the chunk when it outlives its retries); any other error is ignored,
 * so the handler meets the problem on the record it belongs to.
 */
export type ChunkPreparer<V = unknown, L = unknown> = (records: readonly InputRecord<V>[], ctx: HandlerContext<L>) => Promise<void>;
