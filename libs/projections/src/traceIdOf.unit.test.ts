import { describe, expect, it } from 'vitest';
import { TRACE } from './testing/events.js';
import { traceIdOf } from './traceIdOf.js';

describe('traceIdOf', () => {
  it('given a traceparent header, when resolving, then the header trace wins (deterministic on rebuild)', () => {
    const event = { headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` } };
    expect(traceIdOf(event, { trace_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toBe(TRACE);
  });

  it('given no header, when the envelope has a trace id, then it is used', () => {
    expect(traceIdOf({ headers: {} }, { trace_id: TRACE })).toBe(TRACE);
  });

  it('given neither header nor envelope trace, when resolving, then there is no trace: the projector\'s own span is new on every run, and a rebuild could not reproduce it (issue #10)', () => {
    expect(traceIdOf({ headers: {} }, { trace_id: null })).toBeNull();
    expect(traceIdOf({ headers: {} }, null)).toBeNull();
  });

  it('given an all-zero trace in the header or envelope, when resolving, then it is no trace', () => {
    expect(traceIdOf({ headers: { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` } }, { trace_id: '0'.repeat(32) })).toBeNull();
  });

  it('given a malformed traceparent, when resolving, then it is ignored', () => {
    expect(traceIdOf({ headers: { traceparent: 'garbage' } }, { trace_id: TRACE })).toBe(TRACE);
  });
});
