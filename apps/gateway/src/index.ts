import { ConfigError } from '@rivulet/config';
import { createLogger } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { parseGatewayConfig } from './config.js';
import { startGateway } from './startGateway.js';

// Process entry: parse the environment once, start, stop cleanly on SIGTERM/SIGINT (a second signal exits at once).
let config;
try {
  config = parseGatewayConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`rivulet-gateway: ${error.message}\n`);
  process.exit(2);
}
const logger = createLogger('gateway', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-gateway', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const gateway = await startGateway(config, { logger });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    gateway.stop().then(() => telemetry.shutdown()).then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  });
}
