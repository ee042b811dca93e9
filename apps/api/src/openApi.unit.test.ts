import { createDb } from '@rivulet/db';
import { createLogger } from '@rivulet/runtime';
import { loadMappings } from '@rivulet/transform';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from './createServer.js';
import { openApiPath } from './http/route.js';

// createDb does not connect until a query runs, so the route table can be inspected without PostgreSQL.
const db = createDb({ url: 'postgres://nobody@127.0.0.1:1/none' });
afterAll(() => db.destroy());
const { app, openApi } = createServer({ db, logger: createLogger('openapi-test', 'silent'), mappings: loadMappings() });

/** Every (METHOD path) express really routes, read from express 5's router stack. */
function expressRoutes(): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${openApiPath(layer.route!.path)}`) : []));
}

function documented(): string[] {
  return Object.entries(openApi.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

describe('the OpenAPI document', () => {
  it('given the express app, then every routed path+method is documented and every documented one is routed', () => {
    const routed = expressRoutes().sort();
    expect(routed.length).toBeGreaterThan(30);
    expect(documented().sort()).toEqual(routed);
  });

  it('given the document, then it is OpenAPI 3.1 with security, problem responses and the seed endpoints', () => {
    expect(openApi.openapi).toBe('3.1.0');
    const paths = openApi.paths as Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown>; parameters: { name: string; required: boolean }[]; 'x-minimum-role'?: string }>>;
    for (const seed of ['/transform', '/normalize', '/kpi/calculate', '/check', '/detect-anomalies', '/validate-schema', '/check-completeness', '/generate-report', '/reconcile', '/match', '/deduplicate', '/validate-matches', '/analyze', '/correlation', '/trend-analysis', '/predict-failure', '/alerts/configure']) {
      expect(paths[seed]?.post, seed).toBeDefined();
    }
    expect(paths['/kpis']!.get!.responses['401']).toBeDefined();
    expect(paths['/kpis']!.get!.parameters.find((p) => p.name === 'limit')).toMatchObject({ required: false });
    expect(paths['/entities/{id}']!.get!.parameters.find((p) => p.name === 'id')).toMatchObject({ required: true });
    expect(paths['/health']!.get!.security).toEqual([]);
    expect(paths['/admin/api-keys']!.post!['x-minimum-role']).toBe('admin');
    expect(paths['/alerts/configure']!.post!['x-minimum-role']).toBe('operator');
    expect(paths['/kpis']!.get!['x-minimum-role']).toBe('viewer');
  });
});
