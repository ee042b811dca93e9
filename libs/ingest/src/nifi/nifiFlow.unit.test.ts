import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topicCatalogue } from '@rivulet/contracts';
import { describe, expect, it } from 'vitest';
import { knownSources, resolveRawTopic } from '../record/rawTopic.js';

// NiFi itself is not run here (see infra/nifi/README.md): this checks the committed flow definition's
// structure against the contracts, so a renamed topic or field breaks the build instead of the flow.
interface Component { identifier: string; name: string; type: string; properties: Record<string, string>; autoTerminatedRelationships?: string[] }
interface Connection { source: { id: string }; destination: { id: string }; selectedRelationships: string[] }
const path = fileURLToPath(new URL('../../../../infra/nifi/rivulet-ingest.flow.json', import.meta.url));
const flow = JSON.parse(readFileSync(path, 'utf8')) as {
  flowContents: { processors: Component[]; controllerServices: Component[]; connections: Connection[]; parameterContextName: string };
  parameterContexts: Record<string, { parameters: Array<{ name: string; value: string | null; sensitive: boolean }> }>;
};
const { processors, controllerServices: services, connections } = flow.flowContents;
const byType = (list: Component[], suffix: string) => list.filter((c) => c.type.endsWith(`.${suffix}`));
const one = (list: Component[], suffix: string) => {
  const found = byType(list, suffix);
  expect(found, suffix).toHaveLength(1);
  return found[0]!;
};
const rawTopics = knownSources().map((name) => resolveRawTopic(...(name.split('.') as [string, string])));

describe('NiFi flow definition', () => {
  it('has the file, HTTP, envelope and Kafka processors, wired by connections between existing components', () => {
    for (const type of ['ListFile', 'FetchFile', 'ListenHTTP', 'UpdateAttribute', 'LookupAttribute', 'RouteOnAttribute', 'InvokeHTTP', 'UpdateRecord', 'PublishKafka']) one(processors, type);
    const ids = new Set(processors.map((p) => p.identifier));
    for (const c of connections) {
      expect(ids.has(c.source.id) && ids.has(c.destination.id)).toBe(true);
      expect(c.selectedRelationships.length).toBeGreaterThan(0);
    }
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const walk = (id: string): boolean => id === to || (!seen.has(id) && (seen.add(id), connections.filter((c) => c.source.id === id).some((c) => walk(c.destination.id))));
      return walk(from);
    };
    const publish = one(processors, 'PublishKafka').identifier;
    expect(reaches(one(processors, 'ListFile').identifier, publish)).toBe(true);
    expect(reaches(one(processors, 'ListenHTTP').identifier, publish)).toBe(true);
    expect(reaches(one(processors, 'ListenHTTP').identifier, one(processors, 'InvokeHTTP').identifier)).toBe(true);
  });

  it('references only controller services and parameters that exist', () => {
    const serviceIds = new Set(services.map((s) => s.identifier));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const params = new Set(flow.parameterContexts[flow.flowContents.parameterContextName]!.parameters.map((p) => p.name));
    for (const component of [...processors, ...services]) {
      for (const value of Object.values(component.properties)) {
        if (uuid.test(value) && value !== '6f1c1e52-3b0a-4d5e-9a43-2f7d0c8b9e11') expect(serviceIds.has(value), `${component.name}: ${value}`).toBe(true);
        for (const [, name] of value.matchAll(/#\{([a-z_]+)\}/g)) expect(params.has(name!), `${component.name}: #{${name}}`).toBe(true);
      }
    }
  });

  it('writes Confluent-framed Avro with the registry schema of the topic, to the catalogue topic, keyed <tenant>/<id>, acks=all', () => {
    const registry = one(services, 'ConfluentSchemaRegistry');
    expect(registry.properties.url).toBe('#{schema_registry_url}');
    const registryUrl = flow.parameterContexts['rivulet-ingest']!.parameters.find((p) => p.name === 'schema_registry_url')!.value;
    expect(registryUrl).toBe('http://registry:8080/apis/ccompat/v7');
    const avro = one(services, 'AvroRecordSetWriter');
    expect(avro.properties).toMatchObject({ 'Schema Write Strategy': 'confluent-encoded', 'schema-access-strategy': 'schema-name', 'schema-name': '${rivulet.topic}-value', 'schema-registry': registry.identifier });
    one(services, 'Kafka3ConnectionService');
    const publish = one(processors, 'PublishKafka');
    expect(publish.properties).toMatchObject({ 'Topic Name': '${rivulet.topic}', 'Record Writer': avro.identifier, 'Delivery Guarantee': 'DELIVERY_REPLICATED', 'Message Key Field': '/_kafka_key' });
    expect(one(processors, 'UpdateAttribute').properties['rivulet.topic']).toBe('raw.${rivulet.source}.${rivulet.entity}');
    const update = one(processors, 'UpdateRecord').properties;
    expect(update['/_kafka_key']).toBe("concat('#{tenant_id}/', /${rivulet.id_field})");
    expect(update['/envelope']).toMatch(/uuid5\(.*hash\(escapeJson\(\/\), 'SHA-256'\)/);
    expect(update['/envelope']).not.toMatch(/UUID\(\)/);
  });

  it('knows every raw topic of the catalogue with its id and event-time field, and sends personal data through the gateway', () => {
    const catalogueRaw = topicCatalogue().map((t) => t.name).filter((n) => n.startsWith('raw.')).sort();
    expect(rawTopics.map((t) => t.topic).sort()).toEqual(catalogueRaw);
    const rules = one(services, 'SimpleKeyValueLookupService').properties;
    for (const topic of rawTopics) {
      expect(rules[`${topic.topic}#id`]).toBe(topic.idField);
      expect(rules[`${topic.topic}#time`]).toBe(topic.eventTimeField);
    }
    const personal = one(processors, 'RouteOnAttribute').properties.personal!;
    for (const topic of rawTopics) expect(personal.includes(`'${topic.topic}'`), topic.topic).toBe(topic.hasPii);
    expect(one(processors, 'InvokeHTTP').properties['HTTP URL']).toBe('#{gateway_url}/data/ingest/${rivulet.source}/${rivulet.entity}');
  });
});
