import { withRetries, type BackoffOptions } from './backoff.js';
import type { Codec } from './codec.js';
import { toDeadLetter, type RawMessage } from './deadLetter.js';
import { assertNever, type Decision } from './decision.js';
import { errorMessage, isRetriable, RetriesExhaustedError } from './errors.js';
import type { Handler, HandlerContext } from './handler.js';
import { context } from '@opentelemetry/api';
import { endSpan, startProcessSpan, startPublishSpan } from './tracing.js';

/** A message ready to send: already encoded. */
export interface OutMessage {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface ChunkOutcome {
  messages: OutMessage[];
  emitted: number;
  skipped: number;
  deadLettered: number;
  /** Reasons of dead-lettered records, for metrics and logs. */
  deadLetterReasons: string[];
}

export interface ChunkDeps<L> {
  app: string;
  consumerGroup: string;
  codec: Codec;
  handler: Handler<unknown, L>;
  ctx: HandlerContext<L>;
  backoff: BackoffOptions;
  shouldStop?: () => boolean;
  onRetry?: (stage: string, error: unknown, attempt: number, delayMs: number) => void;
  /** Records of the chunk handled at once (default 1: one after the other). */
  concurrency?: number;
}

/**
 * Runs every record of one chunk through decode → handler → encode and returns what the chunk's
 * transaction must send. Poison records become dead letters in the same list, so they are committed
 * atomically with the offsets. A retriable failure that outlives its retries throws
 * `RetriesExhaustedError`: the caller aborts the transaction and the chunk is redelivered, so a registry
 * or database outage pauses the stream instead of dead-lettering good records.
 */
export async function processChunk<L>(messages: RawMessage[], deps: ChunkDeps<L>): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { messages: [], emitted: 0, skipped: 0, deadLettered: 0, deadLetterReasons: [] };
  // Records may be handled concurrently (I/O-bound lookups overlap), but the outcome is assembled in input
  // order, so outputs keep the per-key order of the input partition.
  const results = await inOrder(messages, deps.concurrency ?? 1, (message) => processRecord(message, deps));
  for (const result of results) {
    if (result.kind === 'skip') {
      outcome.skipped += 1;
    } else if (result.kind === 'emit') {
      outcome.messages.push(...result.outputs);
      outcome.emitted += result.outputs.length;
    } else {
      outcome.messages.push(result.deadLetter);
      outcome.deadLettered += 1;
      outcome.deadLetterReasons.push(result.reason);
    }
  }
  return outcome;
}

type RecordResult = { kind: 'skip' } | { kind: 'emit'; outputs: OutMessage[] } | { kind: 'dead'; deadLetter: OutMessage; reason: string };

async function processRecord<L>(message: RawMessage, deps: ChunkDeps<L>): Promise<RecordResult> {
  const { span, ctx: spanCtx } = startProcessSpan(deps.app, { ...message, key: keyString(message.key) }, deps.consumerGroup);
  try {
    // The record's span is the active context while it is handled: log lines carry its trace id.
    const outputs = await context.with(spanCtx, () => processOne(message, deps, spanCtx));
    endSpan(span);
    return outputs === 'skip' ? { kind: 'skip' } : { kind: 'emit', outputs };
  } catch (error) {
    if (error instanceof RetriesExhaustedError) {
      endSpan(span, error);
      throw error;
    }
    span.setAttribute('rivulet.dead_lettered', true);
    endSpan(span, error);
    return { kind: 'dead', deadLetter: toDeadLetter(deps.app, message, error, deps.ctx.now), reason: errorMessage(error) };
  }
}

/**
 * `fn` over `items` with at most `limit` calls in flight; results in input order. After the first failure
 * no further item is started and the failure is thrown (items already in flight finish on their own).
 */
async function inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

async function processOne<L>(
  message: RawMessage,
  deps: ChunkDeps<L>,
  spanCtx: Parameters<typeof startPublishSpan>[0],
): Promise<OutMessage[] | 'skip'> {
  if (message.value === null) throw new PoisonReason('record has no value (tombstone) where an event was expected');
  const value = message.value;
  const decoded = await retrying('decode', deps, () => deps.codec.decode(value));
  const decision: Decision = await retrying('handle', deps, async () =>
    deps.handler(
      {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: keyString(message.key),
        value: decoded.value,
        schemaId: decoded.schemaId,
        headers: message.headers,
        timestamp: message.timestamp,
      },
      deps.ctx,
    ),
  );
  switch (decision.kind) {
    case 'skip':
      return 'skip';
    case 'poison':
      throw new PoisonReason(decision.reason);
    case 'emit': {
      const out: OutMessage[] = [];
      for (const record of decision.records) {
        const encoded = await retrying('encode', deps, () =>
          deps.codec.encode(record.subject ?? `${record.topic}-value`, record.value),
        );
        const publish = startPublishSpan(spanCtx, record.topic);
        publish.span.end();
        out.push({
          topic: record.topic,
          key: record.key === null ? null : Buffer.from(record.key, 'utf8'),
          value: encoded,
          headers: { ...record.headers, ...publish.headers },
        });
      }
      return out;
    }
    default:
      return assertNever(decision);
  }
}

/** A poison decision: not retriable, goes to the DLQ with the handler's reason. */
class PoisonReason extends Error {
  readonly retriable = false;
  override name = 'PoisonRecord';
}

async function retrying<T, L>(stage: string, deps: ChunkDeps<L>, fn: () => Promise<T>): Promise<T> {
  try {
    return await withRetries(fn, {
      ...deps.backoff,
      isRetriable,
      ...(deps.shouldStop ? { shouldStop: deps.shouldStop } : {}),
      onRetry: (error, attempt, delay) => deps.onRetry?.(stage, error, attempt, delay),
    });
  } catch (error) {
    if (isRetriable(error)) {
      throw new RetriesExhaustedError(`${stage} kept failing: ${errorMessage(error)}`, error);
    }
    throw error;
  }
}

function keyString(key: Buffer | null): string | null {
  return key === null ? null : key.toString('utf8');
}
