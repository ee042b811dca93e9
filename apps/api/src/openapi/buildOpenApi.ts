import { minimumRole, ROLE_PERMISSIONS } from '@rivulet/auth';
import { z } from '@rivulet/config';
import { openApiPath, type AnyRoute } from '../http/route.js';
import { problemSchema } from '../routes/common.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/**
 * The OpenAPI 3.1 document, generated from the same route table express mounts (zod 4's own JSON Schema
 * output is draft 2020-12, which OpenAPI 3.1 uses as is), so the document cannot drift from the code.
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const secured = r.permission !== 'public';
    const ok = String(r.successStatus ?? 200);
    const content: Record<string, unknown> = { 'application/json': { schema: r.response ? toSchema(r.response, 'output') : {} } };
    for (const type of r.produces ?? []) content[type] = { schema: { type: 'string' } };
    const responses: Record<string, unknown> = {
      [ok]: { description: 'success', content, ...(r.freshness ? { headers: { 'X-Rivulet-Lag': { $ref: '#/components/headers/X-Rivulet-Lag' } } } : {}) },
      400: problem('invalid query, path parameter or body (`errors` lists each problem)'),
      500: problem('unexpected error'),
    };
    if (secured) Object.assign(responses, { 401: problem('no or invalid credentials'), 403: problem(`the role lacks permission ${r.permission}`) });
    if (r.body) responses[413] = problem(`body larger than ${r.bodyLimit ?? 'the server limit'}`);
    if (r.path.includes(':')) responses[404] = problem('not found (or belongs to another tenant)');
    if (r.path === '/health') responses[503] = { description: 'PostgreSQL unreachable', content };
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      operationId: `${r.method}${openApiPath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security: secured ? [{ bearerAuth: [] }, { apiKeyHeader: [] }] : [],
      'x-permission': r.permission,
      ...(secured ? { 'x-minimum-role': minimumRole(r.permission as Exclude<AnyRoute['permission'], 'public'>) } : {}),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rivulet query API',
      version: info.version,
      description:
        'Read models (KPIs, quality, entities, lineage, RCA, alerts), the seed\'s synchronous endpoints and API key administration. ' +
        `Roles and permissions: ${Object.entries(ROLE_PERMISSIONS).map(([role, perms]) => `${role} = ${perms.join(', ')}`).join('; ')}. ` +
        'Every query runs under PostgreSQL row-level security scoped to the caller\'s tenant. Lists use cursor pagination ' +
        '(`limit` 1..500, `cursor` = the previous page\'s `next_cursor`). Errors are RFC 9457 problem details.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (`rk_...`) or a JWT with claims sub, tenant, role (HS256 or RS256 via JWKS)' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      headers: {
        'X-Rivulet-Lag': { description: 'Records in Kafka not yet projected into the read model (sum over topics), or "unknown"', schema: { type: 'string' } },
      },
      schemas: { Problem: toSchema(problemSchema, 'output') },
    },
  };
}
