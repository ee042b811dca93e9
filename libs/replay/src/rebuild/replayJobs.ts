import type { Knex } from 'knex';
import { ReplayJobError } from '../errors.js';
import type { ReplayProgress } from '../progressMeter.js';

export type ReplayJobStatus = 'running' | 'swapping' | 'done' | 'failed';
export type EndOffsets = Record<string, Record<string, string>>;

export interface ReplayJob {
  id: string;
  kind: 'rebuild';
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
  id: string; kind: 'rebuild'; projection: string; live_schema: string; shadow_schema: string; group_id: string;
  status: ReplayJobStatus; end_offsets: EndOffsets; done: number; total: number; rate: number | null; eta_seconds: number | null;
  error: string | null; requested_by: string | null; created_at: Date; updated_at: Date; finished_at: Date | null;
}

function fromRow(r: Row): ReplayJob {
  return {
    id: r.id, kind: r.kind, projection: r.projection, liveSchema: r.live_schema, shadowSchema: r.shadow_schema, groupId: r.group_id,
    status: r.status, endOffsets: r.end_offsets, error: r.error, requestedBy: r.requested_by,
    progress: { done: Number(r.done), total: Number(r.total), rate: r.rate ?? 0, etaSeconds: r.eta_seconds ?? undefined },
    createdAt: r.created_at, updatedAt: r.updated_at, finishedAt: r.finished_at,
  };
}

/** `replay_jobs` in the live schema (`schema`), qualified explicitly so the pool's search_path does not matter. */
export function createReplayJobStore(db: Knex, schema: string) {
  const table = (q: Knex | Knex.Transaction = db) => q.withSchema(schema).table('replay_jobs');
  return {
    async create(job: Pick<ReplayJob, 'id' | 'projection' | 'liveSchema' | 'shadowSchema' | 'groupId' | 'endOffsets' | 'requestedBy'> & { total: number }): Promise<ReplayJob> {
      const [row] = await table().insert({
        id: job.id, kind: 'rebuild', projection: job.projection, live_schema: job.liveSchema, shadow_schema: job.shadowSchema,
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
    /** The unfinished rebuild of a projection, if any: there is at most one (a new one refuses to start). */
    async unfinished(projection: string): Promise<ReplayJob | undefined> {
      const row = (await table().where({ projection }).whereIn('status', ['running', 'swapping']).orderBy('created_at', 'desc').first()) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    async list(limit = 20): Promise<ReplayJob[]> {
      return ((await table().orderBy('created_at', 'desc').limit(limit)) as Row[]).map(fromRow);
    },
    async progress(id: string, p: ReplayProgress): Promise<void> {
      await table().where({ id }).update({ done: p.done, total: p.total, rate: p.rate, eta_seconds: p.etaSeconds ?? null, updated_at: db.fn.now() });
    },
    async status(id: string, status: ReplayJobStatus, extra: { error?: string; tx?: Knex.Transaction } = {}): Promise<void> {
      const q = extra.tx ?? db;
      await table(q).where({ id }).update({
        status, error: extra.error ?? null, updated_at: q.fn.now(), ...(status === 'done' || status === 'failed' ? { finished_at: q.fn.now() } : {}),
      });
    },
  };
}

export type ReplayJobStore = ReturnType<typeof createReplayJobStore>;
