import { describe, expect, it } from 'vitest';
import { TRACE } from './testing/events.js';
import { traceIdOf } from './traceIdOf.js';

describe('traceIdOf', () => {
  it('given a traceparent header, when resolving, then the header trace wins (deterministic on rebuild)', () => {
    const event = { headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }, traceId: 'ffffffffffffffffffffffffffffffff' };
    expect(traceIdOf(event, { trace_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toBe(TRACE);
  });

  it('given no header, when the envelope has a trace id, then it is used', () => {
    expect(traceIdOf({ headers: {}, traceId: 'ffffffffffffffffffffffffffffffff' }, { trace_id: TRACE })).toBe(TRACE);
  });

  it('given only the projector span, when it is the all-zero id of a missing SDK, then there is no trace', () => {
    expect(traceIdOf({ headers: {}, traceId: '0'.repeat(32) }, { trace_id: null })).toBeNull();
    expect(traceIdOf({ headers: {}, traceId: TRACE }, null)).toBe(TRACE);
  });

  it('given a malformed traceparent, when resolving, then it is ignored', () => {
    expect(traceIdOf({ headers: { traceparent: 'garbage' }, traceId: null }, { trace_id: TRACE })).toBe(TRACE);
  });
});
