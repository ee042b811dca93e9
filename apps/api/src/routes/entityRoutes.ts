import { z } from '@rivulet/config';
import { NotFoundError } from '../http/apiError.js';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { pageSchema, tx } from './common.js';

const entityRow = z.object({
  entity_id: z.string(), status: z.string(), merged_into: z.string().nullable(), golden: z.record(z.string(), z.unknown()), version: z.number(),
  merge_strategy: z.string(), member_count: z.number(), region: z.string().nullable(), segment: z.string().nullable(),
  trace_id: z.string().nullable(), event_time: z.string(), updated_at: z.string(),
});
const memberRow = z.object({
  member_key: z.string(), record_event_id: z.string(), source_system: z.string(), record_entity: z.string(), record_id: z.string(),
  record_topic: z.string(), record_partition: z.number(), record_offset: z.number(), confidence: z.number(), joined_at: z.string(),
});
const ENTITY_COLUMNS = ['entity_id', 'status', 'merged_into', 'golden', 'version', 'merge_strategy', 'member_count', 'region', 'segment', 'trace_id', 'event_time', 'updated_at'];

/** `%`, `_` and `\` are LIKE wildcards; a search for "50%_off" must match them literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function entityRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/entities', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Golden entities, optionally searched',
      description:
        '`search` matches an entity id (exact or prefix), a member record (member key `crm:customer:C1` or source record id, exact) ' +
        'or an organisation name (case-insensitive substring). Person names, emails and phones are encrypted at rest ' +
        '(crypto-shredding), so they cannot be searched by value: a search by them would need a keyed hash column ' +
        '(HMAC of the normalised value) that the read model does not hold yet.',
      query: z.object({
        search: z.string().trim().min(1).max(200).optional(),
        status: z.enum(['ACTIVE', 'MERGED']).optional(),
        region: z.string().max(100).optional(),
        segment: z.string().max(100).optional(),
        ...paginationShape,
      }),
      response: pageSchema(entityRow),
      handler: async ({ query }, ctx) => {
        const t = tx(ctx.tx);
        const q = t('entities').select(ENTITY_COLUMNS);
        if (query.status) q.where({ status: query.status });
        if (query.region) q.where({ region: query.region });
        if (query.segment) q.where({ segment: query.segment });
        if (query.search) {
          const s = query.search;
          q.where((w) => {
            w.where('entity_id', s)
              .orWhere('entity_id', 'like', `${likeEscape(s)}%`)
              .orWhereRaw(`golden->>'organization_name' ilike ?`, [`%${likeEscape(s)}%`])
              .orWhereIn('entity_id', t('entity_members').select('entity_id').where('member_key', s).orWhere('record_id', s));
          });
        }
        return paginate(q, { columns: ['event_time', 'entity_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
    defineRoute({
      method: 'get', path: '/entities/:id', tag: 'read model', permission: 'read', freshness: true,
      summary: 'One golden entity with its member records, match confidences and recent match decisions',
      params: z.object({ id: z.string().min(1).max(200) }),
      target: ({ params }) => ({ kind: 'entity', id: params.id, lookup: { table: 'entities', columns: ['entity_id'] } }),
      response: entityRow.extend({ members: z.array(memberRow), decisions: z.array(z.record(z.string(), z.unknown())) }),
      handler: async ({ params }, ctx) => {
        const t = tx(ctx.tx);
        const entity = await t('entities').where({ entity_id: params.id }).first(ENTITY_COLUMNS);
        if (!entity) throw new NotFoundError(`entity ${params.id} not found`);
        const members = await t('entity_members')
          .where({ entity_id: params.id })
          .select('member_key', 'record_event_id', 'source_system', 'record_entity', 'record_id', 'record_topic', 'record_partition', 'record_offset', 'confidence', 'joined_at')
          .orderBy([{ column: 'confidence', order: 'desc' }, 'member_key']);
        const decisions = await t('reconciliation_results')
          .where({ entity_id: params.id })
          .select('event_id', 'record_event_id', 'record_id', 'source_system', 'previous_entity_id', 'confidence', 'decision', 'candidates', 'matcher_version', 'trace_id', 'event_time')
          .orderBy([{ column: 'event_time', order: 'desc' }, { column: 'event_id', order: 'desc' }])
          .limit(50);
        return { ...entity, members, decisions };
      },
    }),
  ];
}
