import { managedConfigs, type TopicSpec } from './topics.js';

/** What the cluster has now, as far as the plan cares. */
export interface ExistingTopic {
  name: string;
  partitions: number;
  /** Replicas of its first partition, when known. */
  replicationFactor?: number;
  /** Current values of (at least) the managed configs. */
  configs: Readonly<Record<string, string | undefined>>;
}

export type TopicAction =
  | { kind: 'create'; topic: TopicSpec; configs: Record<string, string> }
  /** Sets all managed configs (AlterConfigs replaces the topic's dynamic configs as a set). */
  | { kind: 'alterConfigs'; name: string; configs: Record<string, string>; changed: string[] }
  | { kind: 'addPartitions'; name: string; from: number; to: number };

export interface TopicPlan {
  actions: TopicAction[];
  /** Differences we deliberately do not fix (they need a human): shown by the CLI. */
  warnings: string[];
}

/**
 * Computes what to do so the cluster matches `catalogue`. Pure, so "idempotent" is testable: a plan
 * computed against a cluster where the previous plan was applied is empty.
 *
 * Partitions only grow, and only with `allowPartitionIncrease`: adding partitions moves keys to other
 * partitions, which breaks per-key order for in-flight records, so it has to be a conscious step.
 * Fewer partitions than the cluster has is never applied (Kafka cannot shrink a topic).
 */
export function planTopicActions(
  catalogue: readonly TopicSpec[],
  existing: readonly ExistingTopic[],
  options: { allowPartitionIncrease?: boolean } = {},
): TopicPlan {
  const byName = new Map(existing.map((t) => [t.name, t]));
  const actions: TopicAction[] = [];
  const warnings: string[] = [];
  for (const spec of catalogue) {
    const configs = managedConfigs(spec);
    const current = byName.get(spec.name);
    if (!current) {
      actions.push({ kind: 'create', topic: spec, configs });
      continue;
    }
    const changed = Object.keys(configs).filter((key) => current.configs[key] !== configs[key]);
    if (changed.length > 0) actions.push({ kind: 'alterConfigs', name: spec.name, configs, changed });
    if (current.replicationFactor !== undefined && current.replicationFactor !== spec.replicationFactor) {
      warnings.push(`${spec.name}: has ${current.replicationFactor} replica(s), catalogue wants ${spec.replicationFactor}; changing it is a partition reassignment (kafka-reassign-partitions), left as is`);
    }
    if (current.partitions < spec.partitions) {
      if (options.allowPartitionIncrease) actions.push({ kind: 'addPartitions', name: spec.name, from: current.partitions, to: spec.partitions });
      else warnings.push(`${spec.name}: has ${current.partitions} partitions, catalogue wants ${spec.partitions} (re-run allowing a partition increase; it remaps keys)`);
    } else if (current.partitions > spec.partitions) {
      warnings.push(`${spec.name}: has ${current.partitions} partitions, more than the catalogue's ${spec.partitions}; Kafka cannot shrink a topic, left as is`);
    }
  }
  return { actions, warnings };
}
