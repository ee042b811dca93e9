import { createServer as createHttpServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthReport {
  status: 'ok' | 'starting' | 'degraded' | 'stopping';
  details: Record<string, unknown>;
}

/**
 * `/health` (200 when ok, 503 otherwise, JSON body) and `/metrics` (Prometheus text format).
 * Plain node:http: two routes do not need a framework. Returned unstarted; the caller listens.
 */
export function createOpsServer(deps: { registry: Registry; health: () => HealthReport }): Server {
  return createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const report = deps.health();
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      deps.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': deps.registry.contentType });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ title: 'Not Found', status: 404, detail: `no route ${req.method} ${path}` }));
  });
}
