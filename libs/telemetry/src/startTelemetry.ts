import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:14318; traces go to `<endpoint>/v1/traces`. Undefined: no export. */
  otlpEndpoint?: string;
  /** How often the batch processor flushes; short in tests so traces are queryable quickly. */
  exportDelayMs?: number;
  /** Extra resource attributes (deployment.environment, service.instance.id, ...). */
  attributes?: Record<string, string>;
}

export interface Telemetry {
  /** Flushes pending spans and stops the SDK; call on shutdown so the last records' spans are not lost. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK globally (tracer provider, W3C trace-context propagator) for one app.
 * Spans are made by `@rivulet/runtime` and the apps through `@opentelemetry/api`; this is the only place
 * that knows where they are exported. Metrics stay with prom-client on /metrics.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const spanProcessors = options.otlpEndpoint
    ? [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }), {
          scheduledDelayMillis: options.exportDelayMs ?? 1_000,
          maxQueueSize: 20_000,
          maxExportBatchSize: 1_000,
        }),
      ]
    : [];
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
      ...options.attributes,
    }),
    spanProcessors,
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
