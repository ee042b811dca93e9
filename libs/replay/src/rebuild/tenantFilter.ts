import type { ProjectedEvent } from '@rivulet/runtime';

/**
 * The tenant an event belongs to: its envelope's `tenant_id` (every Rivulet event has one, issue #14). A
 * tombstone (compacted `entities.golden` deletes an entity) has no value; its key is `<tenant>/<id>`.
 */
export function eventTenant(event: Pick<ProjectedEvent, 'key' | 'value'>): string | undefined {
  if (event.value === null || event.value === undefined) {
    const slash = event.key?.indexOf('/') ?? -1;
    return slash > 0 ? event.key!.slice(0, slash) : undefined;
  }
  const envelope = (event.value as { envelope?: { tenant_id?: unknown } }).envelope;
  return typeof envelope?.tenant_id === 'string' ? envelope.tenant_id : undefined;
}

/** Wraps a projection so that it sees one tenant's events only (a tenant's rebuild; the checkpoint still moves). */
export function onlyTenant<Tx>(tenant: string, project: (tx: Tx, events: readonly ProjectedEvent[]) => Promise<void>) {
  return (tx: Tx, events: readonly ProjectedEvent[]): Promise<void> => project(tx, events.filter((e) => eventTenant(e) === tenant));
}
