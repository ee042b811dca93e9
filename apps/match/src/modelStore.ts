import { defaultModel, estimateModel, parseModel, serializeModel, type ComparisonVector, type MatchModel } from '@rivulet/matching';
import type { Knex } from 'knex';

/**
 * Fellegi-Sunter models per tenant in `match_models`. The latest row wins; a tenant without one uses the
 * configured default. Read inside the batch transaction, under the tenant lock, so every instance decides
 * a tenant's records with the same model version (it goes into each decision's matcher_version).
 */
export function createModelStore(defaults: MatchModel = defaultModel()) {
  const parsed = new Map<string, MatchModel>();

  return {
    async current(db: Knex | Knex.Transaction, tenant: string): Promise<MatchModel> {
      const row = (await db('match_models').where({ tenant_id: tenant }).orderBy([{ column: 'trained_at', order: 'desc' }, { column: 'version', order: 'desc' }]).first('version', 'model')) as
        | { version: string; model: unknown }
        | undefined;
      if (!row) return defaults;
      const cacheKey = `${tenant}\u0000${row.version}`;
      let model = parsed.get(cacheKey);
      if (!model) {
        model = parseModel(row.model);
        if (parsed.size > 10_000) parsed.clear();
        parsed.set(cacheKey, model);
      }
      return model;
    },

    async saveVectors(tx: Knex.Transaction, tenant: string, vectors: readonly ComparisonVector[]): Promise<void> {
      if (vectors.length === 0) return;
      await tx('match_pair_vectors').insert(vectors.map((v) => ({ tenant_id: tenant, vector: JSON.stringify(v) })));
    },

    /**
     * One EM round for every tenant with at least `minPairs` candidate pairs recorded since its model was
     * trained: EM over its most recent `maxPairs` comparison vectors, starting from the current model;
     * older vectors are trimmed. One instance at a time (advisory lock); returns the tenants retrained.
     */
    async retrain(db: Knex, options: { minPairs: number; maxPairs: number }): Promise<{ tenant: string; version: string; pairs: number }[]> {
      return db.transaction(async (tx) => {
        const locked = await tx.raw(`select pg_try_advisory_xact_lock(hashtext('rivulet.match'), hashtext(current_schema() || '.em')) as ok`);
        if (!locked.rows[0]?.ok) return [];
        const due = (await tx.raw(
          `select v.tenant_id, count(*)::int as n
             from match_pair_vectors v
             left join (select tenant_id, max(trained_at) as t from match_models group by tenant_id) m using (tenant_id)
            where m.t is null or v.created_at > m.t
            group by v.tenant_id having count(*) >= ?`,
          [options.minPairs],
        )).rows as { tenant_id: string; n: number }[];
        const out: { tenant: string; version: string; pairs: number }[] = [];
        for (const { tenant_id: tenant } of due) {
          const rows = (await tx('match_pair_vectors').where({ tenant_id: tenant }).orderBy('id', 'desc').limit(options.maxPairs).select('id', 'vector')) as { id: number; vector: ComparisonVector }[];
          const initial = await this.current(tx, tenant);
          const count = ((await tx('match_models').where({ tenant_id: tenant }).count<{ n: string }[]>('* as n'))[0]?.n ?? 0);
          const version = `fs-em-${Number(count) + 1}`;
          const { model } = estimateModel(rows.map((r) => r.vector), initial, { version });
          await tx('match_models').insert({ tenant_id: tenant, version, model: serializeModel(model), pairs: rows.length, trained_at: tx.fn.now() });
          const oldest = rows[rows.length - 1]?.id;
          if (oldest !== undefined) await tx('match_pair_vectors').where({ tenant_id: tenant }).andWhere('id', '<', oldest).del();
          out.push({ tenant, version, pairs: rows.length });
        }
        return out;
      });
    },
  };
}

export type ModelStore = ReturnType<typeof createModelStore>;
