import { relayOnce, type OutboxProducer, type OutboxStore } from './relayOnce.js';

export interface OutboxRelayOptions {
  store: OutboxStore;
  producer: OutboxProducer;
  /** Rows per round (read and deleted in one PostgreSQL transaction). */
  batchSize?: number;
  /** Bytes per sendBatch within a round (default `DEFAULT_MAX_SEND_BYTES`, below Kafka's 1 MiB batch limit). */
  maxSendBytes?: number;
  /** Idle poll period: how late rows written by *another* instance are seen; `wake()` covers our own. */
  pollIntervalMs?: number;
  /** Capped exponential backoff with full jitter after a failed round. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
  onPublished?: (count: number) => void;
  onError?: (error: unknown, consecutiveFailures: number) => void;
}

export interface OutboxRelay {
  start(): void;
  /** Publish soon: call after committing a transaction that wrote outbox rows. */
  wake(): void;
  /**
   * Stops polling, then keeps publishing until the outbox is empty, another instance holds the relay
   * lock, or `timeoutMs` passed. Resolves with the rows left behind (they wait for the next start).
   */
  stop(options?: { timeoutMs?: number }): Promise<{ left: 'none' | 'some' }>;
  health(): { running: boolean; consecutiveFailures: number; lastError: string | null; published: number };
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 500;
  const baseMs = options.retryBaseMs ?? 200;
  const maxMs = options.retryMaxMs ?? 10_000;
  const random = options.random ?? Math.random;
  let running = false;
  let stopping = false;
  let failures = 0;
  let lastError: string | null = null;
  let published = 0;
  let wakeUp: (() => void) | null = null;
  let pendingWake = false;
  let loop: Promise<void> | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopping) {
        pendingWake = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        pendingWake = false;
        resolve();
      }
      wakeUp = done;
    });

  async function round(): Promise<'more' | 'idle' | 'failed'> {
    try {
      const result = await relayOnce(options.store, options.producer, batchSize, options.maxSendBytes);
      failures = 0;
      lastError = null;
      if (result.status === 'busy') return 'idle';
      if (result.count > 0) {
        published += result.count;
        options.onPublished?.(result.count);
      }
      return result.count === batchSize ? 'more' : 'idle';
    } catch (error) {
      failures += 1;
      lastError = (error as Error).message;
      options.onError?.(error, failures);
      return 'failed';
    }
  }

  async function run(): Promise<void> {
    while (!stopping) {
      const outcome = await round();
      if (outcome === 'more') continue;
      const delay = outcome === 'failed' ? Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(failures, 16))) : pollMs;
      await sleep(delay);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopping = false;
      loop = run();
    },
    wake() {
      if (wakeUp) wakeUp();
      else pendingWake = true;
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      stopping = true;
      wakeUp?.();
      await loop;
      running = false;
      // Drain what our own last transactions wrote, so a rolling restart publishes without delay.
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const result = await relayOnce(options.store, options.producer, batchSize, options.maxSendBytes).catch(() => null);
        if (result === null) return { left: 'some' };
        if (result.status === 'busy') return { left: (await options.store.backlog().catch(() => 1)) > 0 ? 'some' : 'none' };
        published += result.count;
        if (result.count > 0) options.onPublished?.(result.count);
        if (result.count < batchSize) return { left: 'none' };
      }
      return { left: 'some' };
    },
    health: () => ({ running, consecutiveFailures: failures, lastError, published }),
  };
}
