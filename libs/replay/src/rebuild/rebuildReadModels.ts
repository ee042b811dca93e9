import knexFactory, { type Knex } from 'knex';
import type { Kafka } from 'kafkajs';
import { createKnexCheckpointStore, migrateLatest } from '@rivulet/db';
import type { ReadModelProjection } from '@rivulet/projections';
import { createProjector, type Codec, type Logger } from '@rivulet/runtime';
import { ReplayJobError, SwapNotReadyError } from '../errors.js';
import { createProgressMeter, type ReplayProgress } from '../progressMeter.js';
import { offsetsApplied, readyToSwap } from './checkpointsReached.js';
import { fetchEndOffsets } from './endOffsets.js';
import { CARRY_OVER, planRebuild, SWAPPED_TABLES, type RebuildPlan } from './rebuildPlan.js';
import { createReplayJobStore, type ReplayJob } from './replayJobs.js';
import { readCheckpoints, swapReadModels } from './swapReadModels.js';
import { swapTenantRows } from './swapTenantRows.js';
import { onlyTenant } from './tenantFilter.js';

export interface RebuildDeps {
  /** Pool on the live database (any search_path: every statement names its schema). */
  db: Knex;
  kafka: Kafka;
  codec: Codec;
  logger: Logger;
  readModels: ReadModelProjection;
  now?: () => number;
}

export interface RebuildOptions {
  /** Name of the live projection in `projection_checkpoints` (the projector's PROJECTION_NAME). */
  projection: string;
  liveSchema: string;
  /** Rebuild this tenant's rows only (its events from offset 0; other tenants untouched). Default: every tenant. */
  tenant?: string | null;
  requestedBy?: string;
  /** Build and catch up the shadow, but leave the swap to a later run (compare checksums first). */
  swap?: boolean;
  pollMs?: number;
  lockTimeoutMs?: number;
  catchUpTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReplayProgress, job: ReplayJob) => void;
}

/** A new plan, or the unfinished job of this projection and scope (which a run resumes). */
export async function prepareRebuild(deps: RebuildDeps, options: RebuildOptions): Promise<{ plan: RebuildPlan; resume?: ReplayJob }> {
  const jobs = createReplayJobStore(deps.db, options.liveSchema);
  const tenant = options.tenant ?? null;
  const resume = await jobs.unfinished(options.projection, tenant);
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    const now = new Date((deps.now ?? Date.now)());
    if (resume) {
      const plan = planRebuild({ projection: resume.projection, liveSchema: resume.liveSchema, topics: Object.keys(resume.endOffsets), endOffsets: resume.endOffsets, now, tenant });
      return { plan: { ...plan, id: resume.id, shadowSchema: resume.shadowSchema, retiredSchema: `${resume.shadowSchema}_previous`, groupId: resume.groupId }, resume };
    }
    const endOffsets = await fetchEndOffsets(admin, deps.readModels.topics);
    return { plan: planRebuild({ projection: options.projection, liveSchema: options.liveSchema, topics: deps.readModels.topics, endOffsets, now, tenant }) };
  } finally {
    await admin.disconnect();
  }
}

/** Records the job (state `running`) so that it shows in `GET /replays/:id` and can be resumed. */
export async function createRebuildJob(deps: RebuildDeps, plan: RebuildPlan, requestedBy?: string): Promise<ReplayJob> {
  return createReplayJobStore(deps.db, plan.liveSchema).create({
    id: plan.id, tenant: plan.tenant, projection: plan.projection, liveSchema: plan.liveSchema, shadowSchema: plan.shadowSchema, groupId: plan.groupId,
    endOffsets: plan.endOffsets, total: plan.total, requestedBy: requestedBy ?? null,
  });
}

/**
 * Runs (or resumes) a rebuild: projects every topic from offset 0 into the shadow schema with the live
 * projection's own code while the live model keeps serving, reports progress, and once the shadow has
 * caught up with the end offsets captured at start, swaps it in atomically (see `swapReadModels`).
 * Interrupted (signal, crash): the job stays `running`; its checkpoints are in the shadow schema, so the
 * next run goes on from there. A tenant's job projects only that tenant's events and swaps only its rows
 * (`swapTenantRows`). Returns the job as it ended.
 */
export async function runRebuild(deps: RebuildDeps, job: ReplayJob, options: RebuildOptions): Promise<ReplayJob> {
  if (job.status === 'done' || job.status === 'failed') throw new ReplayJobError(`replay job ${job.id} is ${job.status}`);
  const now = deps.now ?? Date.now;
  const jobs = createReplayJobStore(deps.db, job.liveSchema);
  const topics = Object.keys(job.endOffsets);
  const pollMs = options.pollMs ?? 1_000;
  await migrateLatest(deps.db, { schemaName: job.shadowSchema });
  const shadowDb = knexFactory({ ...deps.db.client.config, searchPath: [job.shadowSchema], pool: { min: 0, max: 4 } });
  // Its own level: once the tables are swapped away, its last queued batch fails by design, not worth an error line.
  const shadowLog = deps.logger.child({ replay: job.id }, { level: deps.logger.level });
  const projector = createProjector({
    app: 'replay', kafka: deps.kafka, codec: deps.codec, topics, logger: shadowLog, groupId: job.groupId,
    store: createKnexCheckpointStore(shadowDb, job.projection),
    project: job.tenant === null ? deps.readModels.project : onlyTenant(job.tenant, deps.readModels.project),
  });
  const initial = offsetsApplied(await readCheckpoints(deps.db, job.shadowSchema, job.projection, topics).catch(() => []), job.endOffsets);
  const meter = createProgressMeter({ total: initial.total, done: initial.done, now });
  let swapped = false;
  try {
    await projector.start();
    for (;;) {
      if (options.signal?.aborted) break;
      const checkpoints = await readCheckpoints(deps.db, job.shadowSchema, job.projection, topics);
      const progress = meter.update(offsetsApplied(checkpoints, job.endOffsets));
      await jobs.progress(job.id, progress);
      options.onProgress?.(progress, job);
      if (options.swap !== false && readyToSwap(checkpoints, job.endOffsets, await readCheckpoints(deps.db, job.liveSchema, job.projection, topics))) {
        await jobs.status(job.id, 'swapping');
        try {
          const common = {
            liveSchema: job.liveSchema, shadowSchema: job.shadowSchema, projection: job.projection, topics, tables: SWAPPED_TABLES, carryOver: CARRY_OVER,
            ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
            ...(options.catchUpTimeoutMs !== undefined ? { catchUpTimeoutMs: options.catchUpTimeoutMs } : {}),
            inTransaction: async (tx: Knex.Transaction) => {
              shadowLog.level = 'silent';
              // Another runner (a second API instance, the CLI) may have swapped this job already.
              if (!(await jobs.status(job.id, 'done', { tx }))) throw new ReplayJobError(`replay job ${job.id} was finished by another run`);
            },
          };
          if (job.tenant === null) await swapReadModels(deps.db, { ...common, retiredSchema: `${job.shadowSchema}_previous` });
          else await swapTenantRows(deps.db, { ...common, tenant: job.tenant });
          swapped = true;
          break;
        } catch (error) {
          if (!(error instanceof SwapNotReadyError)) throw error;
          shadowLog.level = deps.logger.level;
          deps.logger.warn({ replay: job.id, reason: error.message }, 'swap postponed');
          await jobs.status(job.id, 'running');
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch (error) {
    await jobs.status(job.id, 'failed', { error: (error as Error).message }).catch(() => undefined);
    throw error;
  } finally {
    await projector.stop().catch(() => undefined);
    await shadowDb.destroy();
  }
  if (swapped) await cleanUp(deps, job);
  return jobs.require(job.id);
}

/** The shadow schema now holds only migration leftovers, and the group only the shadow's position. */
async function cleanUp(deps: RebuildDeps, job: ReplayJob): Promise<void> {
  await deps.db.raw('drop schema if exists ?? cascade', [job.shadowSchema]);
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([job.groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
