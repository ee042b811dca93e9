import type { RecordRef } from '@rivulet/contracts';

/** Epoch milliseconds as an ISO-8601 UTC string (what the `timestamptz` columns are written with). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoTimeOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoTime(ms);
}

/**
 * JSONB values go to node-pg as JSON text: given a JS array, node-pg would write a PostgreSQL array literal
 * instead, which jsonb rejects.
 */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

export type RecordRefColumns<P extends string> = { [K in `${P}_event_id` | `${P}_entity` | `${P}_id` | `${P}_topic`]: string } & {
  [K in `${P}_partition` | `${P}_offset`]: number;
} & { source_system: string };

/** A RecordRef flattened into `<prefix>_event_id, source_system, <prefix>_entity, <prefix>_id, ...` columns. */
export function recordRefColumns<P extends string>(prefix: P, ref: RecordRef): RecordRefColumns<P> {
  return {
    [`${prefix}_event_id`]: ref.event_id,
    source_system: ref.source_system,
    [`${prefix}_entity`]: ref.entity,
    [`${prefix}_id`]: ref.record_id,
    [`${prefix}_topic`]: ref.topic,
    [`${prefix}_partition`]: ref.partition,
    [`${prefix}_offset`]: ref.offset,
  } as RecordRefColumns<P>;
}
