import { z } from '@rivulet/config';
import { ReplayError, ReplayJobError, type ReplayJob, type ReplayService } from '@rivulet/replay';
import { ApiError, ConflictError, DependencyError, NotFoundError } from '../http/apiError.js';
import { defineRoute, type JsonReply } from '../http/route.js';

const jobSchema = z.object({
  id: z.string(),
  kind: z.literal('rebuild'),
  tenant_id: z.string(),
  status: z.enum(['running', 'swapping', 'done', 'failed']),
  progress: z.object({
    done: z.number().describe('offsets applied to the shadow'),
    total: z.number().describe('offsets up to the end captured at start'),
    percent: z.number(),
    rate: z.number().describe('offsets per second in the current run'),
    eta_seconds: z.number().nullable().describe('time left at the current rate; null until known'),
  }),
  error: z.string().nullable(),
  requested_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
});

const ONLY_REBUILD = 'only "rebuild" is offered through the API; resets and copies are CLI operations (rivulet replay reset|copy)';

/** POST /replays: a rebuild of the caller's tenant's read models. Unknown fields are refused (no `tenant`). */
export const replayBody = z.strictObject({
  kind: z.literal('rebuild', { error: ONLY_REBUILD }).describe("rebuild: the tenant's read-model rows from offset 0 into a shadow schema, then swapped in"),
  dry_run: z.boolean().default(false).describe('only say what would happen'),
});

export function jobView(job: ReplayJob) {
  const p = job.progress;
  return {
    id: job.id,
    kind: job.kind,
    tenant_id: job.tenant!,
    status: job.status,
    progress: {
      done: p.done, total: p.total, percent: p.total > 0 ? Math.round((1000 * Math.min(p.done, p.total)) / p.total) / 10 : 100,
      rate: Math.round(p.rate), eta_seconds: p.etaSeconds === undefined ? null : Math.round(p.etaSeconds),
    },
    error: job.error,
    requested_by: job.requestedBy,
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

function translate(error: unknown): never {
  if (error instanceof ApiError) throw error;
  if (error instanceof ReplayJobError) throw new ConflictError(error.message);
  if (error instanceof ReplayError && error.retriable) throw new DependencyError(error.message, error);
  if ((error as { name?: string }).name?.startsWith('KafkaJS')) throw new DependencyError(`Kafka: ${(error as Error).message}`, error);
  throw error;
}

/**
 * Replays for operators, always within the caller's tenant (issue #14): a rebuild replaces that tenant's
 * read-model rows only and leaves every other tenant's untouched; a platform-wide rebuild stays a CLI
 * operation (`rivulet replay rebuild`). Jobs live in `replay_jobs`, so progress survives an API restart and
 * a restarted API resumes an interrupted rebuild. Another tenant's job is a 404, as an unknown one.
 */
export function replayRoutes(replays: ReplayService | undefined) {
  const service = (): ReplayService => {
    if (!replays) throw new DependencyError('replays are not configured on this API instance');
    return replays;
  };
  return [
    defineRoute({
      method: 'post', path: '/replays', tag: 'replay', permission: 'replay', successStatus: 202,
      summary: "Start a rebuild of the caller's tenant's read models (from offset 0 into a shadow schema, then swapped in)",
      description: 'Answers 202 with the job and its Location; follow it with GET /replays/{id}. 409 while this tenant has an unfinished rebuild or a platform-wide one runs.',
      body: replayBody,
      response: jobSchema,
      audit: ({ body }, result) => ({
        action: body.dry_run ? 'replay.plan' : 'replay.start',
        ...(body.dry_run ? {} : { target: ((result as JsonReply).body as { id: string }).id }),
        detail: { kind: body.kind },
      }),
      handler: async ({ body }, ctx) => {
        const tenant = ctx.principal!.tenant;
        if (body.dry_run) {
          const { plan, steps } = await service().planRebuild({ tenant }).catch(translate);
          return { kind: 'json', status: 200, body: { dry_run: true, id: plan.id, total: plan.total, topics: plan.topics.length, steps } } satisfies JsonReply;
        }
        const job = await service().startRebuild({ tenant, requestedBy: ctx.principal!.subject }).catch(translate);
        return { kind: 'json', status: 202, body: jobView(job), headers: { Location: `/replays/${job.id}` } } satisfies JsonReply;
      },
    }),
    defineRoute({
      method: 'get', path: '/replays/:id', tag: 'replay', permission: 'replay',
      summary: 'A rebuild of the caller\'s tenant and its progress (records done, rate, time left)',
      params: z.object({ id: z.string().regex(/^rebuild_\d{17}(_t[0-9a-f]{10})?$/, 'a replay job id such as rebuild_20261126101500123_t0123456789') }),
      target: ({ params }) => ({ kind: 'replay', id: params.id, lookup: { table: 'replay_jobs', columns: ['id'] } }),
      response: jobSchema,
      handler: async ({ params }, ctx) => {
        const job = await service().progress(params.id, ctx.principal!.tenant);
        if (!job) throw new NotFoundError(`no replay ${params.id}`);
        return jobView(job);
      },
    }),
    defineRoute({
      method: 'get', path: '/replays', tag: 'replay', permission: 'replay',
      summary: "The caller's tenant's rebuilds, newest first",
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: z.object({ items: z.array(jobSchema) }),
      handler: async ({ query }, ctx) => ({ items: (await service().list(ctx.principal!.tenant, query.limit)).map(jobView) }),
    }),
  ];
}
