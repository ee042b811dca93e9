import { createLogger } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { parseRcaConfig } from './rcaConfig.js';
import { startRca } from './startRca.js';

const config = parseRcaConfig(process.env);
const logger = createLogger('rca', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-rca', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const running = await startRca(config, { logger, onStopped: () => telemetry.shutdown() });
logger.info({ port: running.port }, 'rca running');
