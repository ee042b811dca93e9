// The package's library surface (tests, e2e, other apps). index.ts is the process entry and has side effects.
export { authenticate, hasRole, parseApiKeys, presentedKey, type ApiKey, type Principal, type Role } from './auth/apiKeys.js';
export { gatewayConfigSchema, parseGatewayConfig, type GatewayConfig } from './config.js';
export { createServer, type GatewayDeps } from './createServer.js';
export { createDropFolder, DROP_STAGES, type DropFolder, type DropFolderOptions } from './dropFolder/dropFolder.js';
export { fileOutcome, type FileOutcome } from './dropFolder/fileOutcome.js';
export { createIdempotencyCache, type IdempotencyCache, type Reservation, type StoredResponse } from './http/idempotencyCache.js';
export { HttpProblem, problemBody, toProblem } from './http/problem.js';
export { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
export { startGateway, type RunningGateway } from './startGateway.js';
