import { describe, expect, it } from 'vitest';
import { planTopicActions, type ExistingTopic } from './planTopicActions.js';
import { schemaForTopic } from './schemaForTopic.js';
import { deterministicEventId, formatKey, parseKey } from './topicKey.js';
import { managedConfigs, replicationForBrokers, topicCatalogue } from './topics.js';

describe('topicCatalogue', () => {
  it('lists raw, canonical, derived and DLQ topics with 6 partitions and RF 1 by default', () => {
    const catalogue = topicCatalogue();
    const names = catalogue.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([
      'raw.crm.customer', 'raw.oss.network_event', 'canonical.party', 'canonical.network_event', 'kpi.facts', 'quality.results',
      'quality.issues', 'match.decisions', 'entities.golden', 'rca.findings', 'alerts', 'dlq.transform',
    ]));
    expect(new Set(names).size).toBe(names.length);
    expect(catalogue.every((t) => t.partitions === 6 && t.replicationFactor === 1)).toBe(true);
  });

  it('scales partitions by the multiplier and uses TopicNameStrategy subjects', () => {
    const golden = topicCatalogue({ partitionMultiplier: 2, replicationFactor: 3 }).find((t) => t.name === 'entities.golden')!;
    expect(golden).toMatchObject({ partitions: 12, replicationFactor: 3, cleanupPolicy: 'compact', retentionMs: null, valueSubject: 'entities.golden-value' });
    expect(managedConfigs(golden)).toEqual({ 'cleanup.policy': 'compact', 'min.insync.replicas': '2' });
  });

  it('needs 2 in-sync copies of 3 replicas, 1 below, and one replica per broker up to 3', () => {
    expect(topicCatalogue().every((t) => t.minInsyncReplicas === 1)).toBe(true);
    expect(topicCatalogue({ replicationFactor: 2 }).every((t) => t.minInsyncReplicas === 1)).toBe(true);
    const three = topicCatalogue({ replicationFactor: 3 });
    expect(three.every((t) => t.replicationFactor === 3 && managedConfigs(t)['min.insync.replicas'] === '2')).toBe(true);
    expect([1, 2, 3, 5].map(replicationForBrokers)).toEqual([1, 2, 3, 3]);
    expect(() => topicCatalogue({ replicationFactor: 3, minInsyncReplicas: 4 })).toThrow(/from 1 to the replication factor 3/);
  });

  it('gives DLQs no Avro subject: they keep the original bytes', () => {
    expect(topicCatalogue({ dlqApps: ['x'] }).find((t) => t.name === 'dlq.x')).toMatchObject({ valueSubject: null, valueEvent: null });
  });

  it('resolves the value schema of a topic', () => {
    expect(schemaForTopic('raw.crm.customer').fullName).toBe('io.rivulet.raw.CrmCustomerRecordReceived');
    expect(() => schemaForTopic('dlq.transform')).toThrow(/no Avro value/);
  });
});

describe('planTopicActions', () => {
  const catalogue = topicCatalogue({ dlqApps: [] }).slice(0, 3);
  const applied = (): ExistingTopic[] => catalogue.map((t) => ({ name: t.name, partitions: t.partitions, configs: managedConfigs(t) }));

  it('creates every missing topic with its managed configs', () => {
    const plan = planTopicActions(catalogue, []);
    expect(plan.actions.map((a) => a.kind)).toEqual(['create', 'create', 'create']);
  });

  it('is empty once applied (idempotent)', () => {
    expect(planTopicActions(catalogue, applied())).toEqual({ actions: [], warnings: [] });
  });

  it('resets drifted configs and only warns about partitions unless allowed', () => {
    const existing = applied();
    existing[0] = { ...existing[0]!, partitions: 3, configs: { ...existing[0]!.configs, 'retention.ms': '1000' } };
    const plan = planTopicActions(catalogue, existing);
    expect(plan.actions).toEqual([{ kind: 'alterConfigs', name: catalogue[0]!.name, configs: managedConfigs(catalogue[0]!), changed: ['retention.ms'] }]);
    expect(plan.warnings[0]).toMatch(/3 partitions, catalogue wants 6/);
    const allowed = planTopicActions(catalogue, existing, { allowPartitionIncrease: true });
    expect(allowed.actions).toContainEqual({ kind: 'addPartitions', name: catalogue[0]!.name, from: 3, to: 6 });
  });

  it('warns about a replication factor it cannot change, and changes nothing for it', () => {
    const three = topicCatalogue({ dlqApps: [], replicationFactor: 3 }).slice(0, 1);
    const existing = [{ name: three[0]!.name, partitions: 6, replicationFactor: 1, configs: managedConfigs(three[0]!) }];
    expect(planTopicActions(three, existing)).toEqual({ actions: [], warnings: [expect.stringMatching(/has 1 replica\(s\), catalogue wants 3/)] });
  });

  it('never shrinks a topic', () => {
    const existing = applied().map((t) => ({ ...t, partitions: 24 }));
    const plan = planTopicActions(catalogue, existing, { allowPartitionIncrease: true });
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toHaveLength(3);
  });
});

describe('keys and event ids', () => {
  it('formats and parses <tenant>/<id>, splitting at the first slash', () => {
    expect(formatKey('acme', 'C-1')).toBe('acme/C-1');
    expect(parseKey(Buffer.from('acme/a/b'))).toEqual({ tenantId: 'acme', id: 'a/b' });
    expect(() => formatKey('ac/me', 'x')).toThrow(/no "\/"/);
    expect(() => parseKey('no-slash')).toThrow();
  });

  it('derives the same UUIDv5 for the same record version and a different one otherwise', () => {
    const parts = { tenantId: 'acme', sourceSystem: 'crm', key: 'acme/C-1', version: 1700000000000 };
    const id = deterministicEventId(parts);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId({ ...parts })).toBe(id);
    expect(deterministicEventId({ ...parts, version: 1700000000001 })).not.toBe(id);
    // Length-prefixing keeps ("a|b", "c") and ("a", "b|c") apart.
    expect(deterministicEventId({ ...parts, tenantId: 'a|b', sourceSystem: 'c' })).not.toBe(deterministicEventId({ ...parts, tenantId: 'a', sourceSystem: 'b|c' }));
  });
});
