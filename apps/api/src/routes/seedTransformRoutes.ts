import { randomUUID } from 'node:crypto';
import { z } from '@rivulet/config';
import { calculateKpis, normalizeRecords, transformRequest, type CanonicalEvent, type FieldRules } from '@rivulet/transform';
import { defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { inRange, pageSchema, timeRangeShape, tx, type RouteDeps } from './common.js';

export const MAX_SEED_RECORDS = 10_000;
export const records = z.array(z.record(z.string(), z.unknown())).max(MAX_SEED_RECORDS);

const eventInput = z.union([
  z.object({ eventName: z.string(), value: z.record(z.string(), z.unknown()) }),
  // The shape /transform returns in transformed_data, so its output can be posted here as is.
  z.object({ event: z.string(), record: z.record(z.string(), z.unknown()) }).transform((e) => ({ eventName: e.event, value: e.record })),
]);

export function seedTransformRoutes(deps: RouteDeps) {
  return [
    defineRoute({
      method: 'post', path: '/transform', tag: 'seed: transform', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit,
      summary: 'Map raw source records to canonical events (the streaming transform, synchronously) with KPI totals',
      body: z.object({
        source: z.string().min(1).max(100).describe('"crm.customer" or "raw.crm.customer"'),
        source_data: records,
        mapping: z.unknown().optional(),
        kpi_calculations: z.array(z.string()).max(100).optional(),
      }),
      response: z.object({ transformation_id: z.string(), status: z.enum(['completed', 'partial', 'failed']), transformed_data: z.array(z.unknown()), metrics: z.record(z.string(), z.unknown()), kpi_results: z.record(z.string(), z.unknown()), execution_time: z.number() }),
      handler: ({ body }, ctx) =>
        transformRequest(
          { source: body.source, source_data: body.source_data, ...(body.mapping !== undefined ? { mapping: body.mapping } : {}), ...(body.kpi_calculations ? { kpi_calculations: body.kpi_calculations } : {}) },
          { mappings: deps.mappings, transformationId: randomUUID(), tenantId: ctx.principal!.tenant, now: () => performance.now() },
        ),
    }),
    defineRoute({
      method: 'post', path: '/normalize', tag: 'seed: transform', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit,
      summary: 'Normalise fields of ad-hoc records with named rules (email, phone, title_case_name, ...)',
      body: z.object({
        records,
        rules: z.record(z.string(), z.array(z.union([z.tuple([z.string()]), z.tuple([z.string(), z.record(z.string(), z.unknown())])]))),
      }),
      response: z.object({ normalized_records: z.array(z.unknown()), transformations: z.array(z.unknown()), invalid: z.array(z.unknown()) }),
      handler: ({ body }) => normalizeRecords(body.records, body.rules as FieldRules),
    }),
    defineRoute({
      method: 'post', path: '/kpi/calculate', tag: 'seed: transform', permission: 'compute', db: false, bodyLimit: deps.seedBodyLimit,
      summary: 'KPI totals over canonical events (by KPI, then by unit)',
      body: z.object({ events: z.array(eventInput).max(MAX_SEED_RECORDS), kpis: z.array(z.string()).max(100).optional() }),
      response: z.object({ kpi_results: z.record(z.string(), z.record(z.string(), z.number())), facts_count: z.number() }),
      handler: ({ body }) => calculateKpis(body.events as unknown as CanonicalEvent[], body.kpis ? { kpis: body.kpis } : {}),
    }),
    defineRoute({
      method: 'get', path: '/transformations', tag: 'read model', permission: 'read', freshness: true,
      summary: 'Transformation history of records (lineage: source offset, mapping version, field changes), newest first',
      query: z.object({ entity: z.string().max(100).optional(), record_key: z.string().max(200).optional(), ...timeRangeShape, ...paginationShape }),
      response: pageSchema(z.record(z.string(), z.unknown())),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('transformations').select(
          'event_id', 'entity', 'record_key', 'source_event_id', 'source_system', 'source_topic', 'source_partition', 'source_offset', 'mapping_version', 'history', 'trace_id', 'event_time',
        );
        if (query.entity) q.where({ entity: query.entity });
        if (query.record_key) q.where({ record_key: query.record_key });
        inRange(q, 'event_time', query);
        return paginate(q, { columns: ['event_time', 'event_id'], direction: 'desc', limit: query.limit, cursor: query.cursor });
      },
    }),
  ];
}
