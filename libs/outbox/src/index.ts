export { OutboxError, RelayPublishError } from './outboxError.js';
export { toTopicMessages, type OutboxMessage, type OutboxRow, type TopicMessages } from './outboxMessage.js';
export { DEFAULT_MAX_SEND_BYTES, relayOnce, splitBySize, type DrainResult, type OutboxProducer, type OutboxStore } from './relayOnce.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './createOutboxRelay.js';
export { createKnexOutboxStore, createOutboxTable, DEFAULT_OUTBOX_TABLE, writeOutbox } from './knexOutboxStore.js';
