export { waitFor, type WaitForOptions } from './waitFor.js';
export { stackEnv, uniqueName, type StackEnv } from './stackEnv.js';
export { TEST_MASTER_KEY } from './testSecrets.js';
export { collectTopic, createTopics, partitionsWithRecordsFrom, startGroupAtEnd, testKafka, type Collected } from './kafka.js';
export { freePort, startAppProcess, stopAppProcesses, type AppProcess, type StartAppProcessOptions } from './appProcess.js';
