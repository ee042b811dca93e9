import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

// Apps get this context manager from the OpenTelemetry SDK (@rivulet/telemetry); a unit test sets it up itself.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

describe('createLogger', () => {
  it('writes JSON lines with the app, and the trace id of the record being processed', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) });
    const logger = createLogger('transform', 'info', sink);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await context.with(trace.setSpanContext(context.active(), { traceId, spanId: 'b7ad6b7169203331', traceFlags: 1 }), async () => {
      await Promise.resolve();
      logger.warn({ topic: 'raw.crm.customer' }, 'record dead-lettered');
    });
    logger.info('idle');
    expect(lines[0]).toMatchObject({ app: 'transform', msg: 'record dead-lettered', trace_id: traceId, span_id: 'b7ad6b7169203331' });
    expect(lines[1]).toMatchObject({ app: 'transform', msg: 'idle' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
