import { z } from '@rivulet/config';
import { NotFoundError } from '../http/apiError.js';
import { defineRoute } from '../http/route.js';
import { tx } from './common.js';

export function lineageRoutes() {
  return [
    defineRoute({
      method: 'get', path: '/records/:eventId/lineage', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Lineage of one record: source offset → transformations → quality → entity, with its trace id',
      description: '`eventId` is the raw record\'s event id or a canonical event id derived from it.',
      params: z.object({ eventId: z.string().min(1).max(200) }),
      target: ({ params }) => ({ kind: 'record', id: params.eventId, lookup: { table: 'canonical_records', columns: ['event_id', 'source_event_id'] } }),
      response: z.object({
        event_id: z.string(), trace_id: z.string().nullable(),
        source: z.record(z.string(), z.unknown()).nullable(),
        canonical: z.array(z.record(z.string(), z.unknown())),
        transformations: z.array(z.record(z.string(), z.unknown())),
        quality: z.object({ checks: z.array(z.record(z.string(), z.unknown())), issues: z.array(z.record(z.string(), z.unknown())) }),
        entities: z.array(z.record(z.string(), z.unknown())),
      }),
      handler: async ({ params }, ctx) => {
        const t = tx(ctx.tx);
        const id = params.eventId;
        const canonical = await t('canonical_records')
          .where('event_id', id).orWhere('source_event_id', id)
          .select('event_id', 'entity', 'record_key', 'source_event_id', 'source_system', 'source_entity', 'source_id', 'source_topic', 'source_partition', 'source_offset', 'topic', 'partition', 'kafka_offset', 'trace_id', 'event_time')
          .orderBy('event_id');
        const ids = [...new Set([id, ...canonical.map((c) => c.event_id as string), ...canonical.map((c) => c.source_event_id as string)])];
        const transformations = await t('transformations')
          .whereIn('event_id', ids).orWhereIn('source_event_id', ids)
          .select('event_id', 'entity', 'record_key', 'source_event_id', 'source_topic', 'source_partition', 'source_offset', 'mapping_version', 'history', 'trace_id', 'event_time')
          .orderBy('event_time');
        const checks = await t('quality_checks').whereIn('record_event_id', ids).select('event_id', 'record_event_id', 'entity', 'score', 'status', 'checks_evaluated', 'failed_checks', 'anomaly_score', 'trace_id', 'event_time').orderBy('event_time');
        const issues = await t('quality_issues').whereIn('record_event_id', ids).select('event_id', 'record_event_id', 'field', 'check_name', 'severity', 'message', 'trace_id', 'event_time').orderBy('event_time');
        const decisions = await t('reconciliation_results').whereIn('record_event_id', ids).select('event_id', 'record_event_id', 'entity_id', 'previous_entity_id', 'confidence', 'decision', 'trace_id', 'event_time').orderBy('event_time');
        const members = await t('entity_members').whereIn('record_event_id', ids).select('entity_id', 'member_key', 'confidence', 'joined_at');
        if (canonical.length + transformations.length + checks.length + issues.length + decisions.length + members.length === 0) {
          throw new NotFoundError(`no lineage for record ${id}`);
        }
        const first = canonical[0] ?? transformations[0];
        const source = first
          ? { event_id: first.source_event_id, source_system: first.source_system ?? null, topic: first.source_topic, partition: first.source_partition, offset: first.source_offset }
          : null;
        const traceId = [...canonical, ...transformations, ...checks, ...issues, ...decisions].map((r) => r.trace_id as string | null).find((x) => x) ?? null;
        const entities = decisions.map((d) => ({ ...d, member: members.find((m) => m.entity_id === d.entity_id) ?? null }));
        for (const m of members) if (!decisions.some((d) => d.entity_id === m.entity_id)) entities.push({ entity_id: m.entity_id, member: m });
        return { event_id: id, trace_id: traceId, source, canonical, transformations, quality: { checks, issues }, entities };
      },
    }),
  ];
}
