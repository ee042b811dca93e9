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
