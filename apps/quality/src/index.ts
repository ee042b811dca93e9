import { createLogger } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { parseQualityConfig } from './qualityConfig.js';
import { startQuality } from './startQuality.js';

const config = parseQualityConfig(process.env);
const logger = createLogger('quality', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-quality', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const running = await startQuality(config, { logger, onStopped: () => telemetry.shutdown() });
logger.info({ port: running.port }, 'quality running');
