import { ReplayJobError } from './errors.js';
import { describeRebuildPlan, type RebuildPlan } from './rebuild/rebuildPlan.js';
import { createRebuildJob, prepareRebuild, runRebuild, type RebuildDeps } from './rebuild/rebuildReadModels.js';
import { createReplayJobStore, type ReplayJob } from './rebuild/replayJobs.js';

export interface ReplayServiceDeps extends RebuildDeps {
  /** Schema of the live read models (and of `replay_jobs`). */
  liveSchema: string;
  /** Projection name of the live projector. */
  projection: string;
  pollMs?: number;
}

export interface ReplayService {
  /**
   * `POST /replays`: records a rebuild of `tenant`'s rows and runs it in the background; refuses
   * (`ReplayJobError`) while that tenant has one unfinished or a platform-wide rebuild is running.
   */
  startRebuild(input: { tenant: string; requestedBy?: string }): Promise<ReplayJob>;
  /** What `startRebuild` would do (a dry run): the plan and its steps in words; refuses as it would. */
  planRebuild(input: { tenant: string }): Promise<{ plan: RebuildPlan; steps: string[] }>;
  /** `GET /replays/:id`: the job with its progress, only if it is `tenant`'s (undefined → 404). */
  progress(id: string, tenant: string): Promise<ReplayJob | undefined>;
  list(tenant: string, limit?: number): Promise<ReplayJob[]>;
  /** Resumes the unfinished tenant rebuilds left by a previous process (call at start). */
  resumeUnfinished(): Promise<ReplayJob[]>;
  /** Stops background runs (they stay resumable). */
  close(): Promise<void>;
}

/**
 * Replay operations for the API, always within one tenant: a tenant's operator rebuilds that tenant's rows
 * only (its events from offset 0 into a shadow schema, then its rows swapped in one transaction); a
 * platform-wide rebuild stays a CLI operation. Rebuilds run in this process in the background; their
 * state is in `replay_jobs`, so any instance can answer `progress`, and a restarted one resumes the job.
 */
export function createReplayService(deps: ReplayServiceDeps): ReplayService {
  const jobs = createReplayJobStore(deps.db, deps.liveSchema);
  const running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  const scope = (tenant: string) => ({ projection: deps.projection, liveSchema: deps.liveSchema, tenant });

  function launch(job: ReplayJob): ReplayJob {
    const abort = new AbortController();
    const done = runRebuild(deps, job, {
      projection: deps.projection, liveSchema: deps.liveSchema, signal: abort.signal, ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    })
      .catch((error: unknown) => deps.logger.error({ replay: job.id, err: (error as Error).message }, 'rebuild failed'))
      .finally(() => running.delete(job.id));
    running.set(job.id, { abort, done });
    return job;
  }

  async function prepare(tenant: string) {
    if (tenant.length === 0) throw new ReplayJobError('a rebuild through the API needs the caller\'s tenant');
    const platform = await jobs.unfinished(deps.projection, null);
    if (platform) throw new ReplayJobError(`a platform-wide rebuild (${platform.id}) is ${platform.status}; start this one when it has finished`);
    const { plan, resume } = await prepareRebuild(deps, scope(tenant));
    if (resume) throw new ReplayJobError(`rebuild ${resume.id} of this tenant is still ${resume.status}; follow it at /replays/${resume.id}`);
    return plan;
  }

  return {
    async startRebuild(input) {
      const plan = await prepare(input.tenant);
      return launch(await createRebuildJob(deps, plan, input.requestedBy));
    },
    async planRebuild(input) {
      const plan = await prepare(input.tenant);
      return { plan, steps: describeRebuildPlan(plan, false) };
    },
    async progress(id, tenant) {
      const job = await jobs.get(id);
      return job && job.tenant === tenant ? job : undefined;
    },
    list: (tenant, limit) => jobs.list(limit, tenant),
    async resumeUnfinished() {
      const unfinished = await jobs.unfinishedOfTenants(deps.projection);
      return unfinished.map((job) => (running.has(job.id) ? job : launch(job)));
    },
    async close() {
      for (const run of running.values()) run.abort.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
