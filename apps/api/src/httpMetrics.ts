import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Request metrics of the query API for /metrics. Labels are bounded: the route pattern (`/entities/:id`, never
 * the id), the method and the status class.
 */
export function createHttpMetrics(registry = new Registry()) {
  registry.setDefaultLabels({ app: 'api' });
  collectDefaultMetrics({ register: registry, prefix: 'rivulet_' });
  const requests = new Counter({ name: 'rivulet_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const seconds = new Histogram({
    name: 'rivulet_http_request_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const status = `${Math.floor(res.statusCode / 100)}xx`;
      requests.inc({ method: req.method, route, status });
      seconds.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
  return { registry, middleware };
}
