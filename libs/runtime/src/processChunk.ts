import { withRetries, type BackoffOptions } from './backoff.js';
import type { Codec } from './codec.js';
import { toDeadLetter, type RawMessage } from './deadLetter.js';
import { assertNever, type Decision } from './decision.js';
import { errorMessage, isRetriable, RetriesExhaustedError } from './errors.js';
import type { ChunkPreparer, Handler, HandlerContext, InputRecord } from './handler.js';
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
  /** Warms the handler's lookups for the whole chunk (see ChunkPreparer). */
  prepare?: ChunkPreparer<unknown, L>;
}

type Decoded = { ok: true; value: unknown; schemaId: number } | { ok: false; error: unknown };

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
  const decoded = deps.prepare ? await prepareChunk(messages, deps, deps.prepare) : undefined;
  const results = await inOrder(messages, deps.concurrency ?? 1, (message, i) => processRecord(message, deps, decoded?.[i]));
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

/**
 * Decodes the whole chunk (each value once: the records reuse it) and hands the records that decoded to
 * `prepare`. A decode failure stays with its record, which dead-letters it as it would without `prepare`.
 */
async function prepareChunk<L>(messages: readonly RawMessage[], deps: ChunkDeps<L>, prepare: ChunkPreparer<unknown, L>): Promise<(Decoded | undefined)[]> {
  const decoded: (Decoded | undefined)[] = [];
  const records: InputRecord[] = [];
  for (const message of messages) {
    const value = message.value;
    if (value === null) {
      decoded.push(undefined);
      continue;
    }
    try {
      const d = await retrying('decode', deps, () => deps.codec.decode(value));
      decoded.push({ ok: true, value: d.value, schemaId: d.schemaId });
      records.push(inputRecord(message, d.value, d.schemaId));
    } catch (error) {
      if (error instanceof RetriesExhaustedError) throw error;
      decoded.push({ ok: false, error });
    }
  }
  try {
    await retrying('prepare', deps, () => prepare(records, deps.ctx));
  } catch (error) {
    if (error instanceof RetriesExhaustedError) throw error;
    // Not retriable: only a warm-up failed; each record meets the problem again in its handler.
  }
  return decoded;
}

function inputRecord(message: RawMessage, value: unknown, schemaId: number): InputRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: keyString(message.key),
    value,
    schemaId,
    headers: message.headers,
    timestamp: message.timestamp,
  };
}

type RecordResult = { kind: 'skip' } | { kind: 'emit'; outputs: OutMessage[] } | { kind: 'dead'; deadLetter: OutMessage; reason: string };

async function processRecord<L>(message: RawMessage, deps: ChunkDeps<L>, decoded: Decoded | undefined): Promise<RecordResult> {
  const { span, ctx: spanCtx } = startProcessSpan(deps.app, { ...message, key: keyString(message.key) }, deps.consumerGroup);
  try {
    // The record's span is the active context while it is handled: log lines carry its trace id.
    const outputs = await context.with(spanCtx, () => processOne(message, deps, spanCtx, decoded));
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
async function inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
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
  pre: Decoded | undefined,
): Promise<OutMessage[] | 'skip'> {
  if (message.value === null) throw new PoisonReason('record has no value (tombstone) where an event was expected');
  const value = message.value;
  if (pre && !pre.ok) throw pre.error;
  const decoded = pre ?? (await retrying('decode', deps, () => deps.codec.decode(value)));
  const record = inputRecord(message, decoded.value, decoded.schemaId);
  const decision: Decision = await retrying('handle', deps, async () => deps.handler(record, deps.ctx));
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
