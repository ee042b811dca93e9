import type { Batch, Consumer } from 'kafkajs';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { errorMessage } from './errors.js';

/** What kafkajs's eachBatch hands a processor or projector to steer one partition's batch. */
export interface BatchControl {
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
  pause(): () => void;
}

/** Heartbeats between chunks; false (logged) when the coordinator refuses, e.g. a rebalance is under way. */
export async function heartbeatOrStop(control: Pick<BatchControl, 'heartbeat'>, log: Logger, batch: Pick<Batch, 'topic' | 'partition'>): Promise<boolean> {
  try {
    await control.heartbeat();
    return true;
  } catch (error) {
    log.warn({ topic: batch.topic, partition: batch.partition, err: errorMessage(error) }, 'heartbeat refused after a committed chunk; leaving the rest of the batch to the group');
    return false;
  }
}

/**
 * Runs `work` while heartbeating every `everyMs`: a chunk whose handler is slow (key-store lookups on a loaded
 * machine) must not outlast the session timeout, or the coordinator evicts the member mid-chunk and every
 * partition of the group is rebalanced (seen in the benchmark: 500-record chunks of 40 s, a rebalance storm).
 * A refused heartbeat is ignored here; the heartbeat after the committed chunk decides whether to go on.
 */
export async function whileBeating<T>(control: Pick<BatchControl, 'heartbeat'>, work: () => Promise<T>, everyMs = 3_000): Promise<T> {
  const timer = setInterval(() => void control.heartbeat().catch(() => undefined), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Redelivery of a chunk that could not be committed (a dependency is down): rewind the partition to the chunk's
 * first offset and pause it for a backoff that grows with the partition's consecutive failures, so the chunk
 * comes again once the dependency is back, instead of dead-lettering good records.
 */
export function createRedelivery(consumer: Pick<Consumer, 'seek'>, backoff: BackoffOptions, log: Logger) {
  const failures = new Map<string, number>();
  const key = (batch: Pick<Batch, 'topic' | 'partition'>) => `${batch.topic}:${batch.partition}`;
  return {
    later(batch: Pick<Batch, 'topic' | 'partition'>, control: Pick<BatchControl, 'pause'>, offset: string, error: unknown, message: string): void {
      const attempt = failures.get(key(batch)) ?? 0;
      failures.set(key(batch), attempt + 1);
      const delay = backoffDelay(Math.min(attempt, 10), backoff);
      log.error({ topic: batch.topic, partition: batch.partition, offset, delay, err: errorMessage(error) }, message);
      consumer.seek({ topic: batch.topic, partition: batch.partition, offset });
      const resume = control.pause();
      setTimeout(resume, delay).unref();
    },
    /** The partition committed again: its next failure starts from the shortest backoff. */
    succeeded(batch: Pick<Batch, 'topic' | 'partition'>): void {
      failures.delete(key(batch));
    },
  };
}
