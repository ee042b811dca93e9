import type { Knex } from 'knex';
import { ReplayJobError } from '../errors.js';
import type { ReplayProgress } from '../progressMeter.js';

export type ReplayJobStatus = 'running' | 'swapping' | 'done' | 'failed';
export type EndOffsets = Record<string, Record<string, string>>;

export interface ReplayJob {
  id: string;
  kind: 'rebuild';
  /** The tenant whose rows are rebuilt; null: a platform-wide rebuild. */
  tenant: string | null;
  projection: string;
  liveSchema: string;
  shadowSchema: string;
  groupId: string;
  status: ReplayJobStatus;
  endOffsets: EndOffsets;
  progress: ReplayProgress;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface Row {
  id: string; kind: 'rebuild'; tenant_id: string | null; projection: string; live_schema: string; shadow_schema: string; group_id: string;
  status: ReplayJobStatus; end_offsets: EndOffsets; done: number; total: number; rate: number | null; eta_seconds: number | null;
  error: string | null; requested_by: string | null; created_at: Date; updated_at: Date; finished_at: Date | null;
}

function fromRow(r: Row): ReplayJob {
  return {
    id: r.id, kind: r.kind, tenant: r.tenant_id ?? null, projection: r.projection, liveSchema: r.live_schema, shadowSchema: r.shadow_schema, groupId: r.group_id,
    status: r.status, endOffsets: r.end_offsets, error: r.error, requestedBy: r.requested_by,
    progress: { done: Number(r.done), total: Number(r.total), rate: r.rate ?? 0, etaSeconds: r.eta_seconds ?? undefined },
    createdAt: r.created_at, updatedAt: r.updated_at, finishedAt: r.finished_at,
  };
}

/** `replay_jobs` in the live schema (`schema`), qualified explicitly so the pool's search_path does not matter. */
export function createReplayJobStore(db: Knex, schema: string) {
  const table = (q: Knex | Knex.Transaction = db) => q.withSchema(schema).table('replay_jobs');
  return {
    async create(job: Pick<ReplayJob, 'id' | 'tenant' | 'projection' | 'liveSchema' | 'shadowSchema' | 'groupId' | 'endOffsets' | 'requestedBy'> & { total: number }): Promise<ReplayJob> {
      const [row] = await table().insert({
        id: job.id, kind: 'rebuild', tenant_id: job.tenant, projection: job.projection, live_schema: job.liveSchema, shadow_schema: job.shadowSchema,
        group_id: job.groupId, status: 'running', end_offsets: JSON.stringify(job.endOffsets), total: job.total, requested_by: job.requestedBy,
      }).returning('*');
      return fromRow(row as Row);
    },
    async get(id: string): Promise<ReplayJob | undefined> {
      const row = (await table().where({ id }).first()) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    async require(id: string): Promise<ReplayJob> {
      const job = await this.get(id);
      if (!job) throw new ReplayJobError(`no replay job ${id} in schema ${schema}`);
      return job;
    },
    /**
     * The unfinished rebuild of a projection for one scope (a tenant, or null: platform-wide), if any: there
     * is at most one per scope (a new one refuses to start).
     */
    async unfinished(projection: string, tenant: string | null = null): Promise<ReplayJob | undefined> {
      const q = table().where({ projection }).whereIn('status', ['running', 'swapping']).orderBy('created_at', 'desc');
      if (tenant === null) q.whereNull('tenant_id');
      else q.where({ tenant_id: tenant });
      const row = (await q.first()) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    /** Every unfinished tenant rebuild of a projection (what an API instance resumes at start). */
    async unfinishedOfTenants(projection: string): Promise<ReplayJob[]> {
      return ((await table().where({ projection }).whereNotNull('tenant_id').whereIn('status', ['running', 'swapping']).orderBy('created_at')) as Row[]).map(fromRow);
    },
    /** Newest first; `tenant` given: that tenant's jobs only. */
    async list(limit = 20, tenant?: string): Promise<ReplayJob[]> {
      const q = table().orderBy('created_at', 'desc').limit(limit);
      if (tenant !== undefined) q.where({ tenant_id: tenant });
      return ((await q) as Row[]).map(fromRow);
    },
    async progress(id: string, p: ReplayProgress): Promise<void> {
      await table().where({ id }).update({ done: p.done, total: p.total, rate: p.rate, eta_seconds: p.etaSeconds ?? null, updated_at: db.fn.now() });
    },
    /**
     * Moves a job to `status`. A job that is `done` stays done (another runner may have swapped it first: a
     * late failure of this one must not mark a finished job failed); returns whether the row changed. `done`
     * also completes the progress: the swap is exact (the shadow had everything the live model had), while
     * the last poll may predate the shadow's final batches or a tail the live projector had not reached yet.
     */
    async status(id: string, status: ReplayJobStatus, extra: { error?: string; tx?: Knex.Transaction } = {}): Promise<boolean> {
      const q = extra.tx ?? db;
      const changed = await table(q).where({ id }).whereNot({ status: 'done' }).update({
        status, error: extra.error ?? null, updated_at: q.fn.now(), ...(status === 'done' || status === 'failed' ? { finished_at: q.fn.now() } : {}),
        ...(status === 'done' ? { done: q.ref('total') } : {}),
      });
      return changed > 0;
    },
  };
}

export type ReplayJobStore = ReturnType<typeof createReplayJobStore>;
