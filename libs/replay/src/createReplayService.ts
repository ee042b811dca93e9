import { ReplayJobError } from './errors.js';
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
  /** `POST /replays`: records a rebuild and runs it in the background; refuses while another one is unfinished. */
  startRebuild(input?: { requestedBy?: string }): Promise<ReplayJob>;
  /** `GET /replays/:id`: the job with its progress (undefined: unknown id → 404). */
  progress(id: string): Promise<ReplayJob | undefined>;
  list(limit?: number): Promise<ReplayJob[]>;
  /** Resumes the unfinished rebuild left by a previous process, if any (call at start). */
  resumeUnfinished(): Promise<ReplayJob | undefined>;
  /** Stops background runs (they stay resumable). */
  close(): Promise<void>;
}

/**
 * Replay operations for the API. Rebuilds run in this process in the background; their state is in
 * `replay_jobs`, so any instance can answer `progress`, and a restarted one resumes the job.
 */
export function createReplayService(deps: ReplayServiceDeps): ReplayService {
  const jobs = createReplayJobStore(deps.db, deps.liveSchema);
  const running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();

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

  return {
    async startRebuild(input = {}) {
      const { plan, resume } = await prepareRebuild(deps, { projection: deps.projection, liveSchema: deps.liveSchema });
      if (resume) throw new ReplayJobError(`rebuild ${resume.id} of "${resume.projection}" is still ${resume.status}; follow it at /replays/${resume.id}`);
      return launch(await createRebuildJob(deps, plan, input.requestedBy));
    },
    progress: (id) => jobs.get(id),
    list: (limit) => jobs.list(limit),
    async resumeUnfinished() {
      const job = await jobs.unfinished(deps.projection);
      return job && !running.has(job.id) ? launch(job) : job;
    },
    async close() {
      for (const run of running.values()) run.abort.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
