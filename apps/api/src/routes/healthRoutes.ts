import { z } from '@rivulet/config';
import { checkDependencies } from '../health/checkDependencies.js';
import { defineRoute, type JsonReply } from '../http/route.js';
import type { RouteDeps } from './common.js';

const service = z.object({ status: z.enum(['healthy', 'unhealthy', 'not_configured']), response_time_ms: z.number(), error: z.string().optional() });

export function healthRoutes(deps: RouteDeps) {
  return [
    defineRoute({
      method: 'get', path: '/health', tag: 'operations', permission: 'public',
      summary: 'Status and response time of PostgreSQL, Kafka and the schema registry (200 healthy or degraded, 503 unhealthy)',
      description: 'Public so load balancers and orchestrators can probe it; it reveals no tenant data.',
      response: z.object({ status: z.enum(['healthy', 'degraded', 'unhealthy']), timestamp: z.string(), services: z.record(z.string(), service) }),
      handler: async (): Promise<JsonReply> => {
        const report = await checkDependencies({ ...deps, timeoutMs: deps.healthTimeoutMs });
        return { kind: 'json', status: report.status === 'unhealthy' ? 503 : 200, body: report };
      },
    }),
  ];
}
