export { applyCatalogue, type ApplyResult, type SchemaRegistrar, type TopicAdmin } from './applyCatalogue.js';
export { planTopicActions, type ExistingTopic, type TopicAction, type TopicPlan } from './planTopicActions.js';
export { schemaForEvent, schemaForTopic } from './schemaForTopic.js';
export { deterministicEventId, formatKey, parseKey } from './topicKey.js';
export {
  DEFAULT_DLQ_APPS, DEFAULT_PARTITIONS, TOPIC_DEFINITIONS, dlqTopicName, managedConfigs, minInsyncReplicasFor, replicationForBrokers, topicCatalogue, valueSubject,
  type CatalogueOptions, type CleanupPolicy, type TopicSpec,
} from './topics.js';
