import type { Knex } from 'knex';
import type { AnomalyModelState } from '@rivulet/quality';
import type { AnomalyModelStore } from './anomalyModels.js';

/**
 * Model versions in PostgreSQL (table anomaly_models). Versions only grow: two instances training the same
 * tenant/source/entity (its records spread over partitions) each append; the newest wins at the next start.
 */
export function createPgAnomalyModelStore(db: Knex): AnomalyModelStore {
  return {
    async latest() {
      const rows: { tenant_id: string; model: unknown }[] = await db
        .select('tenant_id', 'model')
        .from(db.raw('(select distinct on (tenant_id, source_system, entity) tenant_id, model from anomaly_models order by tenant_id, source_system, entity, model_version desc) latest'));
      return rows.map((r) => ({ tenantId: r.tenant_id, state: r.model }));
    },
    async save(tenantId, state) {
      let version = state.modelVersion;
      for (let attempt = 0; attempt < 5; attempt++) {
        const inserted = await db('anomaly_models')
          .insert({
            tenant_id: tenantId, source_system: state.source, entity: state.entity, model_version: version,
            model: JSON.stringify({ ...state, modelVersion: version }), trained_at: new Date(state.trainedAt),
          })
          .onConflict(['tenant_id', 'source_system', 'entity', 'model_version'])
          .ignore()
          .returning('model_version');
        if (inserted.length > 0) return version;
        const row = await db('anomaly_models').where({ tenant_id: tenantId, source_system: state.source, entity: state.entity }).max('model_version as v').first();
        version = Number(row?.v ?? version) + 1;
      }
      throw new Error(`could not save anomaly model ${tenantId}/${state.source}/${state.entity}: versions keep colliding`);
    },
  };
}
