import { context, trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import { logLevel, type logCreator } from 'kafkajs';

export type { Logger };

/**
 * Secrets and key material that must never reach a log line, wherever an object carrying them is logged
 * (a config object, an HTTP request, a key-store row): pino replaces their values with "[redacted]".
 * Personal values are not listed: they travel as ciphertext, and code logs ids, never records.
 */
export const REDACTED_PATHS = [
  'RIVULET_MASTER_KEY', 'KAFKA_SASL_PASSWORD', 'RIVULET_JWT_HS256_SECRET', 'RIVULET_BOOTSTRAP_ADMIN_KEY', 'RIVULET_API_KEYS', 'DATABASE_URL',
  'masterKey', 'dataKey', 'wrapped_key', 'wrapped', 'key_hash', 'password', 'authorization', 'cookie',
  'headers.authorization', 'headers["x-api-key"]', 'headers.cookie', 'sasl.password',
].flatMap((path) => [path, `*.${path}`]);

/**
 * Structured JSON logs on stdout; one logger per app, `app` on every line, and the trace and span id of the
 * record being processed (the active OpenTelemetry span) so a log line leads to its trace in Jaeger.
 */
export function createLogger(app: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: app,
    level,
    base: { app },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const span = trace.getSpan(context.active())?.spanContext();
      return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'debug',
};

/** Routes kafkajs's own log lines into the app's logger so there is one log stream per process. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    logger[levels[level] ?? 'info']({ kafkajs: namespace, ...extra }, message);
  };
}
