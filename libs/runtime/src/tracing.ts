import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

// Spans follow the OpenTelemetry messaging semantic conventions
// (https://opentelemetry.io/docs/specs/semconv/messaging/kafka/); attribute names are spelled out
// here rather than imported so the runtime depends on the stable API package only.
const tracer = trace.getTracer('@rivulet/runtime');

const headerGetter: TextMapGetter<Record<string, string>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** Context carried in a record's W3C `traceparent`/`tracestate` headers (root context when absent). */
export function extractContext(headers: Record<string, string>): Context {
  return propagation.extract(context.active(), headers, headerGetter);
}

/** Starts the CONSUMER span of one record, child of the producer's span so one record is one trace. */
export function startProcessSpan(
  app: string,
  record: { topic: string; partition: number; offset: string; key: string | null; headers: Record<string, string> },
  consumerGroup: string,
): { span: Span; ctx: Context } {
  const parent = extractContext(record.headers);
  const span = tracer.startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
        'messaging.consumer.group.name': consumerGroup,
        'rivulet.app': app,
      },
    },
    parent,
  );
  return { span, ctx: trace.setSpan(parent, span) };
}

/** Starts a PRODUCER span under `parent` and returns headers carrying its context downstream. */
export function startPublishSpan(parent: Context, topic: string): { span: Span; headers: Record<string, string> } {
  const span = tracer.startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
      },
    },
    parent,
  );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return { span, headers };
}

export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}
