import { ENTITY_FEATURES, Reservoir, extractFeatures, loadAnomalyModel, trainAnomalyModel, type AnomalyModel, type AnomalyModelState } from '@rivulet/quality';

/** Where trained models are kept (PostgreSQL table anomaly_models in the app). */
export interface AnomalyModelStore {
  /** The newest version per tenant/source/entity. */
  latest(): Promise<{ tenantId: string; state: unknown }[]>;
  /** Saves a version; returns the version stored (the next free one when another instance took this number). */
  save(tenantId: string, state: AnomalyModelState): Promise<number>;
}

export interface AnomalyModelsOptions {
  store: AnomalyModelStore;
  /** Retrain after this many new good records of a tenant/source/entity. */
  retrainEvery: number;
  /** Training sample kept in memory per tenant/source/entity (biased reservoir, Aggarwal 2006). */
  reservoirSize: number;
  /** No model before this many good records. */
  minTrainRows: number;
  trees?: number;
  contamination?: number;
  onError?: (error: unknown, key: string) => void;
}

interface Slot {
  tenantId: string;
  source: string;
  entity: string;
  reservoir: Reservoir<number[]>;
  sinceTraining: number;
  model: AnomalyModel | null;
}

/**
 * Isolation-forest models per tenant, source and entity. The process keeps a bounded sample of recent good
 * (PASS) records and retrains every `retrainEvery` of them; each trained version is saved, and `load()`
 * restores the newest ones at start, their training sample seeding the reservoir, so a restart neither
 * loses the model nor starts its sample from nothing.
 *
 * Scores depend on the model version current when a record is processed, which the event does not name:
 * a replay scores with the newest model, not the one of the first run. Anomaly scores are advisory (they
 * never fail a record), so the verdict stays deterministic.
 */
export class AnomalyModels {
  private readonly slots = new Map<string, Slot>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: AnomalyModelsOptions) {}

  async load(): Promise<number> {
    const rows = await this.options.store.latest();
    for (const row of rows) {
      const model = loadAnomalyModel(row.state);
      const slot = this.slot(row.tenantId, model.state.source, model.state.entity);
      slot.model = model;
      for (const v of model.state.sample) slot.reservoir.offer([...v]);
    }
    return rows.length;
  }

  /** The record's anomaly score under the current model, or null (no features for the entity, no model yet). */
  score(tenantId: string, source: string, entity: string, record: unknown): { score: number; anomalous: boolean } | null {
    return this.slots.get(key(tenantId, source, entity))?.model?.scoreRecord(record) ?? null;
  }

  /** Offers a good record to the sample; retrains (synchronously, milliseconds) and saves in the background when due. */
  observe(tenantId: string, source: string, entity: string, record: unknown, at: number): void {
    const features = ENTITY_FEATURES[entity];
    if (!features) return;
    const vector = extractFeatures(record, features);
    if (!vector) return;
    const slot = this.slot(tenantId, source, entity);
    slot.reservoir.offer(vector);
    slot.sinceTraining += 1;
    const due = slot.model === null ? slot.reservoir.items.length >= this.options.minTrainRows : slot.sinceTraining >= this.options.retrainEvery;
    if (!due || slot.reservoir.items.length < this.options.minTrainRows) return;
    slot.sinceTraining = 0;
    slot.model = trainAnomalyModel({
      source, entity, features, sample: slot.reservoir.items, trainedAt: at,
      modelVersion: (slot.model?.state.modelVersion ?? 0) + 1,
      ...(this.options.trees !== undefined ? { trees: this.options.trees } : {}),
      ...(this.options.contamination !== undefined ? { contamination: this.options.contamination } : {}),
    });
    const state = slot.model.toJSON();
    const saving = this.options.store
      .save(tenantId, state)
      .then(() => undefined)
      .catch((error: unknown) => this.options.onError?.(error, key(tenantId, source, entity)))
      .finally(() => this.pending.delete(saving));
    this.pending.add(saving);
  }

  /** Number of tenant/source/entity combinations with a model. */
  get modelCount(): number {
    let n = 0;
    for (const s of this.slots.values()) if (s.model) n++;
    return n;
  }

  modelVersion(tenantId: string, source: string, entity: string): number | null {
    return this.slots.get(key(tenantId, source, entity))?.model?.state.modelVersion ?? null;
  }

  /** Waits for models being saved (call before exit). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private slot(tenantId: string, source: string, entity: string): Slot {
    const k = key(tenantId, source, entity);
    let slot = this.slots.get(k);
    if (!slot) {
      slot = { tenantId, source, entity, reservoir: Reservoir.create<number[]>(this.options.reservoirSize), sinceTraining: 0, model: null };
      this.slots.set(k, slot);
    }
    return slot;
  }
}

function key(tenantId: string, source: string, entity: string): string {
  return `${tenantId}\u0000${source}\u0000${entity}`;
}

/** An in-memory store (unit tests). */
export function createMemoryModelStore(): AnomalyModelStore & { rows: { tenantId: string; state: AnomalyModelState }[] } {
  const rows: { tenantId: string; state: AnomalyModelState }[] = [];
  return {
    rows,
    async latest() {
      const newest = new Map<string, { tenantId: string; state: AnomalyModelState }>();
      for (const r of rows) {
        const k = key(r.tenantId, r.state.source, r.state.entity);
        if ((newest.get(k)?.state.modelVersion ?? -1) < r.state.modelVersion) newest.set(k, r);
      }
      return [...newest.values()];
    },
    async save(tenantId, state) {
      rows.push({ tenantId, state });
      return state.modelVersion;
    },
  };
}
