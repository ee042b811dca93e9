import { extractContext, processChunk } from '@rivulet/runtime';
import { trace } from '@opentelemetry/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTelemetry } from './startTelemetry.js';

// Spans are made by @rivulet/runtime through @opentelemetry/api and recorded by the SDK registered here.
// If npm ever installs a second copy of the API for one package, that package's spans silently become
// no-ops (this happened once: every processor's spans vanished from Jaeger). This test catches it.
// A stand-in OTLP/HTTP receiver on loopback that counts export requests.
let exports = 0;
const sink = createServer((req, res) => {
  if (req.url === '/v1/traces') exports += 1;
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const telemetry = startTelemetry({
  serviceName: 'telemetry-test',
  serviceVersion: '0',
  otlpEndpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
  exportDelayMs: 50,
});

describe('startTelemetry', () => {
  it('makes the runtime record spans and continue the trace found in a record headers', async () => {
    const parentTrace = '0af7651916cd43dd8448eb211c80319c';
    expect(trace.getSpanContext(extractContext({ traceparent: `00-${parentTrace}-b7ad6b7169203331-01` }))?.traceId).toBe(parentTrace);
    const outcome = await processChunk(
      [{ topic: 'in', partition: 0, offset: '0', timestamp: 0, key: null, value: Buffer.from('{}'), headers: { traceparent: `00-${parentTrace}-b7ad6b7169203331-01` } }],
      {
        app: 'test',
        consumerGroup: 'g',
        codec: { decode: async () => ({ value: {}, schemaId: 1 }), encode: async () => Buffer.from('x') },
        handler: () => ({ kind: 'emit', records: [{ topic: 'out', key: null, value: {} }] }),
        ctx: { now: new Date(0), app: 'test', lookups: undefined },
        backoff: { initialMs: 1, maxMs: 1, factor: 1, retries: 0 },
      },
    );
    // The output carries a traceparent of the same trace with a new (recorded, sampled) span id.
    const traceparent = outcome.messages[0]!.headers.traceparent!;
    expect(traceparent.split('-')[1]).toBe(parentTrace);
    expect(traceparent.split('-')[2]).not.toBe('b7ad6b7169203331');
    expect(traceparent.endsWith('-01')).toBe(true);
    await telemetry.shutdown();
    sink.close();
    expect(exports).toBeGreaterThan(0);
  });
});
