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

  it('never writes key material or credentials, at the top level or one object down', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const logger = createLogger('api', 'info', sink);
    const masterKey = Buffer.alloc(32, 9).toString('base64');
    logger.info({ config: { RIVULET_MASTER_KEY: masterKey, KAFKA_SASL_PASSWORD: 'hunter2-sasl' }, req: { headers: { authorization: 'Bearer rk_secret_value', 'x-api-key': 'rk_other_secret' } } }, 'start');
    logger.info({ row: { tenant_id: 't', subject_id: 'crm.customer:C1', wrapped_key: 'd3JhcHBlZC1rZXk=' }, masterKey }, 'key');
    for (const secret of [masterKey, 'hunter2-sasl', 'rk_secret_value', 'rk_other_secret', 'd3JhcHBlZC1rZXk=']) expect(out).not.toContain(secret);
    expect(out).toContain('crm.customer:C1');
    expect(out.match(/\[redacted\]/g)).toHaveLength(6);
  });
});
