export { startTelemetry, type Telemetry, type TelemetryOptions } from './startTelemetry.js';
