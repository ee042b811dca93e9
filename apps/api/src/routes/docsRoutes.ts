import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '@rivulet/config';
import { defineRoute, raw } from '../http/route.js';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
// chart.js exports no subpaths; its UMD build sits beside the main entry.
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** Read once, on first request: static files do not change while the process runs. */
function fileOnce(path: string): () => Buffer {
  let content: Buffer | undefined;
  return () => (content ??= readFileSync(path));
}

export function docsRoutes(document: () => unknown) {
  const page = fileOnce(join(PUBLIC_DIR, 'dashboard.html'));
  const script = fileOnce(join(PUBLIC_DIR, 'dashboard.js'));
  const chart = fileOnce(CHART_JS);
  const common = { tag: 'documents', permission: 'public', db: false } as const;
  // Serialised once: the document is fixed once the server is built.
  let json: string | undefined;
  return [
    defineRoute({
      ...common, method: 'get', path: '/openapi.json', summary: 'This OpenAPI 3.1 document', response: z.record(z.string(), z.unknown()),
      handler: () => raw('application/json; charset=utf-8', (json ??= JSON.stringify(document()))),
    }),
    defineRoute({
      ...common, method: 'get', path: '/dashboard', produces: ['text/html'],
      summary: 'The dashboard page (static; it asks for an API key and calls the API with it)',
      // Scripts only from this origin: a value from the API can never run as script even if rendering were wrong.
      handler: () => raw('text/html; charset=utf-8', page(), 200, { 'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'" }),
    }),
    defineRoute({ ...common, method: 'get', path: '/dashboard/dashboard.js', produces: ['text/javascript'], summary: 'The dashboard script', handler: () => raw('text/javascript; charset=utf-8', script()) }),
    defineRoute({ ...common, method: 'get', path: '/dashboard/vendor/chart.umd.min.js', produces: ['text/javascript'], summary: 'Chart.js (UMD build, from node_modules)', handler: () => raw('text/javascript; charset=utf-8', chart()) }),
  ];
}
