import type { EventSchema } from '../schemas/loadSchemas.js';
import { planTopicActions, type ExistingTopic, type TopicAction } from './planTopicActions.js';
import { schemaForEvent } from './schemaForTopic.js';
import { managedConfigs, type TopicSpec } from './topics.js';

/** kafkajs ConfigResourceTypes.TOPIC; a literal so this package does not depend on kafkajs. */
const TOPIC_RESOURCE = 2;

/** The part of a kafkajs `Admin` the apply step uses (a connected kafkajs Admin satisfies it as is). */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{ topics: Array<{ name: string; partitions: Array<{ replicas?: number[] }> }> }>;
  describeConfigs(options: { resources: Array<{ type: number; name: string; configNames?: string[] }>; includeSynonyms: boolean }):
    Promise<{ resources: Array<{ resourceName: string; configEntries: Array<{ configName: string; configValue: string }> }> }>;
  createTopics(options: {
    topics: Array<{ topic: string; numPartitions: number; replicationFactor: number; configEntries: Array<{ name: string; value: string }> }>;
    waitForLeaders?: boolean;
  }): Promise<boolean>;
  alterConfigs(options: { validateOnly: boolean; resources: Array<{ type: number; name: string; configEntries: Array<{ name: string; value: string }> }> }): Promise<unknown>;
  createPartitions(options: { topicPartitions: Array<{ topic: string; count: number }> }): Promise<boolean>;
}

/** The part of `AvroSerde` from @rivulet/registry the apply step uses. */
export interface SchemaRegistrar {
  register(subject: string, schema: object, opts: { compatibility: 'BACKWARD' }): Promise<number>;
}

export interface ApplyResult {
  actions: TopicAction[];
  warnings: string[];
  /** Subject → schema id, for every Avro topic. */
  registered: Record<string, number>;
}

/**
 * Makes the cluster and the registry match the catalogue: creates missing topics, resets drifted managed
 * configs, optionally grows partitions, then sets every value subject to BACKWARD and registers its schema.
 * Idempotent: a second run changes nothing (the registry returns the existing id for an identical schema).
 * Errors from kafkajs or the registry pass through unchanged, keeping their own `retriable`.
 */
export async function applyCatalogue(deps: {
  admin: TopicAdmin;
  registry: SchemaRegistrar;
  catalogue: readonly TopicSpec[];
  schemas?: ReadonlyMap<string, EventSchema>;
  allowPartitionIncrease?: boolean;
  log?: (line: string) => void;
}): Promise<ApplyResult> {
  const { admin, registry, catalogue, schemas, log = () => undefined } = deps;
  const existing = await describeExisting(admin, catalogue);
  const plan = planTopicActions(catalogue, existing, { allowPartitionIncrease: deps.allowPartitionIncrease });
  for (const warning of plan.warnings) log(`warning: ${warning}`);

  const creates = plan.actions.flatMap((a) => (a.kind === 'create' ? [a] : []));
  if (creates.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: creates.map(({ topic, configs }) => ({
        topic: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor, configEntries: entries(configs),
      })),
    });
    log(`created ${creates.map((a) => a.topic.name).join(', ')}`);
  }
  for (const action of plan.actions) {
    if (action.kind === 'alterConfigs') {
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC_RESOURCE, name: action.name, configEntries: entries(action.configs) }] });
      log(`${action.name}: set ${action.changed.join(', ')}`);
    } else if (action.kind === 'addPartitions') {
      await admin.createPartitions({ topicPartitions: [{ topic: action.name, count: action.to }] });
      log(`${action.name}: partitions ${action.from} -> ${action.to}`);
    }
  }

  // Subjects are independent, so they are registered concurrently (a registry round trip is ~0.5 s locally).
  const registered: Record<string, number> = Object.fromEntries(await Promise.all(
    catalogue.flatMap((topic) => (topic.valueSubject && topic.valueEvent ? [{ subject: topic.valueSubject, event: topic.valueEvent }] : []))
      .map(async ({ subject, event }) => {
        const { schema } = schemaForEvent(event, schemas);
        return [subject, await registry.register(subject, schema, { compatibility: 'BACKWARD' })] as const;
      }),
  ));
  log(`registered ${Object.keys(registered).length} value subjects (BACKWARD)`);
  return { ...plan, registered };
}

async function describeExisting(admin: TopicAdmin, catalogue: readonly TopicSpec[]): Promise<ExistingTopic[]> {
  const present = new Set(await admin.listTopics());
  const names = catalogue.map((t) => t.name).filter((name) => present.has(name));
  if (names.length === 0) return [];
  const [metadata, described] = await Promise.all([
    admin.fetchTopicMetadata({ topics: names }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: Object.keys(managedConfigs(catalogue.find((t) => t.name === name)!)) })),
    }),
  ]);
  return metadata.topics.map((topic) => {
    const configs = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
    return { name: topic.name, partitions: topic.partitions.length, replicationFactor: topic.partitions[0]?.replicas?.length, configs: Object.fromEntries(configs.map((c) => [c.configName, c.configValue])) };
  });
}

function entries(configs: Record<string, string>): Array<{ name: string; value: string }> {
  return Object.entries(configs).map(([name, value]) => ({ name, value }));
}
