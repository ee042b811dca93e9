import { TOPIC_DEFINITIONS, type EventName } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import type { Knex } from 'knex';
import { planWrites } from './planWrites.js';
import { applyWrites } from './write/applyWrites.js';

export interface ReadModelProjectionOptions {
  /**
   * Which event each projected topic carries. Defaults to every Avro topic of the catalogue; tests pass
   * their own random topic names. DLQ topics are not Avro and are not projected.
   */
  topicEvents?: Readonly<Record<string, EventName>>;
}

export interface ReadModelProjection {
  /** The topics to subscribe to. */
  topics: string[];
  /** Writes the rows of `events` idempotently; to be run inside the checkpoint's transaction. */
  project(tx: Knex.Transaction, events: readonly ProjectedEvent[]): Promise<void>;
}

/**
 * The read models' projection: events → pure row builders → batched, idempotent writes (keyed by event id,
 * latest version for entities, guarded additive upserts for KPIs). Tables are unqualified: the pool's
 * `search_path` picks the live or a shadow schema.
 */
export function createReadModelProjection(options: ReadModelProjectionOptions = {}): ReadModelProjection {
  const topicEvents = new Map<string, EventName>(
    Object.entries(options.topicEvents ?? Object.fromEntries(TOPIC_DEFINITIONS.map((d) => [d.name, d.event]))),
  );
  return {
    topics: [...topicEvents.keys()],
    async project(tx, events) {
      if (events.length === 0) return;
      await applyWrites(tx, planWrites(events, topicEvents));
    },
  };
}
