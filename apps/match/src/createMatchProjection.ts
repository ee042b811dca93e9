import { writeOutbox, type OutboxMessage } from '@rivulet/outbox';
import { warmSubjects } from '@rivulet/pii';
import { toDeadLetter, type Logger, type ProjectedEvent } from '@rivulet/runtime';
import type { Knex } from 'knex';
import { isPoison } from './matchAppError.js';
import type { MatchMetrics } from './matchMetrics.js';
import { matchRecord, type MatchDeps } from './matchRecord.js';

export interface MatchProjectionOptions extends MatchDeps {
  app: string;
  outboxTable: string;
  dlqTopic: string;
  metrics: MatchMetrics;
  logger: Logger;
}

const tenantOf = (e: ProjectedEvent): string | null => {
  const t = (e.value as { envelope?: { tenant_id?: unknown } } | null)?.envelope?.tenant_id;
  return typeof t === 'string' && t !== '' ? t : null;
};

/**
 * The createProjector `project` of the match app: runs in the batch's checkpoint transaction.
 * First it takes a transaction-scoped advisory lock per tenant of the batch, in hash order (a fixed order,
 * so two batches never wait on each other in a cycle): input partitions are keyed by record, one tenant's
 * records span partitions, and two instances must not decide one tenant's blocks from the same snapshot.
 * Then each record runs in a savepoint: a poison record is rolled back alone and dead-lettered through
 * the same outbox, the others commit with the checkpoint.
 */
export function createMatchProjection(options: MatchProjectionOptions) {
  return async (tx: Knex.Transaction, events: ProjectedEvent[]): Promise<void> => {
    const live = events.filter((e) => e.value !== null);
    const tenants = [...new Set(live.map(tenantOf).filter((t): t is string => t !== null))];
    if (tenants.length > 0) {
      const hashes = (await tx.raw('select distinct hashtext(t) as h from unnest(?::text[]) as t', [tenants])).rows as { h: number }[];
      for (const h of hashes.map((r) => r.h).sort((a, b) => a - b)) {
        await tx.raw(`select pg_advisory_xact_lock(hashtext('rivulet.match.tenant'), ?)`, [h]);
      }
    }
    // The batch's own subject keys in one query (candidates' keys are loaded as they are met).
    await warmSubjects(options.cipher, live.map((e) => e.value));
    for (const event of live) {
      try {
        const outcome = await tx.transaction(async (savepoint) => {
          const result = await matchRecord(savepoint, options, event);
          await writeOutbox(savepoint, result.outbox, options.outboxTable);
          return result;
        });
        options.metrics.comparisons.observe(outcome.comparisons);
        for (const d of outcome.decisions) options.metrics.decisions.inc({ decision: d.decision });
      } catch (error) {
        if (!isPoison(error)) throw error;
        await writeOutbox(tx, [deadLetterOf(options, event, error)], options.outboxTable);
        options.metrics.deadLettered.inc();
        options.logger.warn({ topic: event.topic, partition: event.partition, offset: event.offset, err: (error as Error).message }, 'party dead-lettered');
      }
    }
  };
}

/**
 * The projector hands us decoded values, not the original bytes, so the dead letter carries the decoded
 * value as JSON (personal fields still encrypted) and says so in a header.
 */
function deadLetterOf(options: MatchProjectionOptions, event: ProjectedEvent, error: unknown): OutboxMessage {
  const dead = toDeadLetter(
    options.app,
    {
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
      timestamp: event.timestamp,
      key: event.key === null ? null : Buffer.from(event.key, 'utf8'),
      value: Buffer.from(JSON.stringify(event.value), 'utf8'),
      headers: event.headers,
    },
    error,
    new Date(options.now()),
  );
  return { topic: options.dlqTopic, key: dead.key?.toString('utf8') ?? null, value: dead.value, headers: { ...dead.headers, 'rivulet.dlq.value-format': 'json' } };
}
