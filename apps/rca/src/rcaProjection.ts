import type { Knex } from 'knex';
import type { WindowConfig } from '@rivulet/rca';
import type { ProjectedEvent } from '@rivulet/runtime';
import { foldTenantBatch, windowSlots } from './foldTenantBatch.js';
import { lockTenant, saveTenant, saveWindows, tenantWatermark, touchedWindows } from './pgRcaStore.js';
import { toRcaEvent, type TimedRcaEvent } from './rcaEvents.js';

export interface RcaProjectionOptions {
  windows: WindowConfig;
  maxFutureSkewMs: number;
  /** Called with the tenants whose watermark moved, after nothing else: the analyser is told to look. */
  onFolded?: (summary: { tenants: string[]; late: number; events: number }) => void;
}

/**
 * The projector's `project`: folds a batch into the windows of its tenants, inside the projector's
 * checkpoint transaction, so each event is counted once however often Kafka delivers it. Tenants are
 * handled in sorted order under their advisory lock (a fixed order, so two instances never deadlock).
 */
export function createRcaProjection(options: RcaProjectionOptions) {
  return async (tx: Knex.Transaction, events: readonly ProjectedEvent[]): Promise<void> => {
    const byTenant = new Map<string, TimedRcaEvent[]>();
    for (const e of events) {
      const timed = toRcaEvent(e.topic, e.value, options.maxFutureSkewMs);
      if (!timed) continue;
      const list = byTenant.get(timed.tenantId) ?? [];
      list.push(timed);
      byTenant.set(timed.tenantId, list);
    }
    let late = 0;
    const tenants = [...byTenant.keys()].sort();
    for (const tenantId of tenants) {
      const tenantEvents = byTenant.get(tenantId)!;
      await lockTenant(tx, tenantId);
      const maxEventTime = await tenantWatermark(tx, tenantId);
      const { open, analysed } = await touchedWindows(tx, tenantId, windowSlots(options.windows, tenantEvents));
      const fold = foldTenantBatch({ config: options.windows, maxEventTime, open, analysed, events: tenantEvents });
      await saveWindows(tx, fold.windows, fold.added);
      if (fold.maxEventTime !== null) await saveTenant(tx, tenantId, fold.maxEventTime, fold.late);
      late += fold.late;
    }
    options.onFolded?.({ tenants, late, events: events.length });
  };
}
