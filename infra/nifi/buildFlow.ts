/**
 * Writes rivulet-ingest.flow.json, the NiFi 2.x flow definition (the JSON NiFi's "Download flow definition"
 * produces and "Upload flow definition" reads). Kept as code so the topic tables cannot drift from the
 * contracts: the structure test in libs/ingest (nifiFlow.unit.test.ts) checks the committed file against
 * the catalogue, and `npx tsx --conditions=source infra/nifi/buildFlow.ts` regenerates it.
 * Component ids are UUIDv5 of their names, so regenerating gives a byte-identical file.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { RAW_TOPIC_RULES, resolveRawTopic } from '@rivulet/ingest';

const NIFI_VERSION = '2.4.0';
const GROUP = id('group:rivulet-ingest');
const EVENT_ID_NAMESPACE = '6f1c1e52-3b0a-4d5e-9a43-2f7d0c8b9e11';
const topics = Object.keys(RAW_TOPIC_RULES).map((topic) => {
  const [, source, entity] = topic.split('.') as [string, string, string];
  return resolveRawTopic(source, entity);
});
/** Topics with personal fields go through the gateway, which encrypts them (NiFi cannot run @rivulet/pii). */
export const PERSONAL_TOPICS = topics.filter((t) => t.hasPii).map((t) => t.topic);

function id(name: string): string {
  const h = createHash('sha1').update(`rivulet-nifi:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const bundle = (artifact: string) => ({ group: 'org.apache.nifi', artifact, version: NIFI_VERSION });
let x = 0;

function processor(name: string, type: string, artifact: string, properties: Record<string, string>, options: { autoTerminated?: string[]; schedule?: string; comments?: string } = {}) {
  x += 1;
  return {
    identifier: id(`processor:${name}`), instanceIdentifier: id(`instance:${name}`), name, comments: options.comments ?? '',
    position: { x: 0, y: x * 200 }, type, bundle: bundle(artifact), properties, propertyDescriptors: {}, style: {},
    schedulingPeriod: options.schedule ?? '0 sec', schedulingStrategy: 'TIMER_DRIVEN', executionNode: type.endsWith('ListFile') ? 'PRIMARY' : 'ALL',
    penaltyDuration: '30 sec', yieldDuration: '1 sec', bulletinLevel: 'WARN', runDurationMillis: 0, concurrentlySchedulableTaskCount: 1,
    autoTerminatedRelationships: options.autoTerminated ?? [], scheduledState: 'ENABLED', retryCount: 10, retriedRelationships: [],
    backoffMechanism: 'PENALIZE_FLOWFILE', maxBackoffPeriod: '10 mins', componentType: 'PROCESSOR', groupIdentifier: GROUP,
  };
}

function service(name: string, type: string, artifact: string, properties: Record<string, string>, api: string) {
  return {
    identifier: id(`service:${name}`), instanceIdentifier: id(`service-instance:${name}`), name, comments: '', type, bundle: bundle(artifact),
    properties, propertyDescriptors: {}, controllerServiceApis: [{ type: api, bundle: bundle('nifi-standard-services-api-nar') }],
    scheduledState: 'ENABLED', bulletinLevel: 'WARN', componentType: 'CONTROLLER_SERVICE', groupIdentifier: GROUP,
  };
}

const registry = service('Confluent schema registry (Apicurio ccompat)', 'org.apache.nifi.confluent.schemaregistry.ConfluentSchemaRegistry', 'nifi-confluent-platform-nar',
  { url: '#{schema_registry_url}', 'cache-size': '1000', 'cache-expiration': '1 hour', timeout: '30 secs' }, 'org.apache.nifi.schemaregistry.services.SchemaRegistry');
const byTopicName = { 'schema-access-strategy': 'schema-name', 'schema-registry': registry.identifier, 'schema-name': '${rivulet.topic}-value' };
const csvReader = service('CSV reader (raw contract from the registry)', 'org.apache.nifi.csv.CSVReader', 'nifi-record-serialization-services-nar', {
  ...byTopicName, 'csv-reader-csv-parser': 'commons-csv', 'CSV Format': 'rfc-4180', 'Skip Header Line': 'true', 'ignore-csv-header': 'true',
  'Timestamp Format': "yyyy-MM-dd'T'HH:mm:ss.SSSX", 'Date Format': 'yyyy-MM-dd', 'Trim Fields': 'false',
}, 'org.apache.nifi.serialization.RecordReaderFactory');
const jsonWriter = service('JSON writer (keeps the Kafka key field)', 'org.apache.nifi.json.JsonRecordSetWriter', 'nifi-record-serialization-services-nar',
  { 'Schema Write Strategy': 'no-schema', 'schema-access-strategy': 'inherit-record-schema', 'output-grouping': 'output-array', 'suppress-nulls': 'never-suppress' },
  'org.apache.nifi.serialization.RecordSetWriterFactory');
const jsonReader = service('JSON reader', 'org.apache.nifi.json.JsonTreeReader', 'nifi-record-serialization-services-nar',
  { 'schema-access-strategy': 'infer-schema' }, 'org.apache.nifi.serialization.RecordReaderFactory');
const avroWriter = service('Avro writer (Confluent-framed, registry schema)', 'org.apache.nifi.avro.AvroRecordSetWriter', 'nifi-record-serialization-services-nar',
  { ...byTopicName, 'Schema Write Strategy': 'confluent-encoded', 'compression-format': 'NONE' }, 'org.apache.nifi.serialization.RecordSetWriterFactory');
const kafka = service('Kafka 3 connection', 'org.apache.nifi.kafka.service.Kafka3ConnectionService', 'nifi-kafka-3-service-nar',
  { 'bootstrap.servers': '#{kafka_brokers}', 'security.protocol': 'PLAINTEXT', 'default.api.timeout.ms': '60 sec' }, 'org.apache.nifi.kafka.service.api.KafkaConnectionService');
const lookup = service('Raw topic rules (id and event-time field per topic)', 'org.apache.nifi.lookup.SimpleKeyValueLookupService', 'nifi-lookup-services-nar',
  Object.fromEntries(topics.flatMap((t) => [[`${t.topic}#id`, t.idField], [`${t.topic}#time`, t.eventTimeField]])), 'org.apache.nifi.lookup.StringLookupService');

// The envelope is built in one UpdateRecord with RecordPath (NIFI-10865: unescapeJson turns a JSON object into a
// record). event_id is a UUIDv5 of tenant, source, key and a SHA-256 of the record's content: deterministic, so a
// re-sent file gives the same ids (not the same ids as the gateway, whose name encoding differs; see README).
const envelopePath = [
  "unescapeJson(concat('{\"event_id\":\"', uuid5(concat('#{tenant_id}|${rivulet.source}|#{tenant_id}/', /${rivulet.id_field}, '|', hash(escapeJson(/), 'SHA-256')), '",
  `${EVENT_ID_NAMESPACE}'), '","tenant_id":"#{tenant_id}","source_system":"\${rivulet.source}","event_time":', escapeJson(/\${rivulet.event_time_field}),`,
  " ',\"ingest_time\":${now():toNumber()},\"schema_version\":1,\"lineage\":null,\"pii_subject_id\":null,\"trace_id\":null}'))",
].join('');

const processors = [
  processor('List source files', 'org.apache.nifi.processors.standard.ListFile', 'nifi-standard-nar', {
    'Input Directory': '#{input_dir}', 'Recurse Subdirectories': 'true', 'File Filter': '[^.].*\\.csv', 'Path Filter': '[a-z_]+\\.[a-z_]+',
    'listing-strategy': 'timestamps', 'Include File Attributes': 'true',
  }, { schedule: '10 sec', comments: 'One folder per source: #{input_dir}/<source>.<entity>/*.csv' }),
  processor('Fetch source file', 'org.apache.nifi.processors.standard.FetchFile', 'nifi-standard-nar', {
    'File to Fetch': '${absolute.path}/${filename}', 'Completion Strategy': 'Move File', 'Move Destination Directory': '#{archive_dir}/${path}',
    'Move Conflict Strategy': 'Rename',
  }, { autoTerminated: ['not.found', 'permission.denied'] }),
  processor('Listen for HTTP posts', 'org.apache.nifi.processors.standard.ListenHTTP', 'nifi-standard-nar', {
    'Listening Port': '#{listen_port}', 'Base Path': 'rivulet', 'HTTP Headers to receive as Attributes (Regex)': 'X-Rivulet-.*', 'Return Code': '200',
  }, { comments: 'POST CSV with headers X-Rivulet-Source and X-Rivulet-Entity' }),
  processor('Name the raw topic', 'org.apache.nifi.processors.attributes.UpdateAttribute', 'nifi-update-attribute-nar', {
    'rivulet.source': "${X-Rivulet-Source:isEmpty():ifElse(${path:substringBefore('.')}, ${X-Rivulet-Source})}",
    'rivulet.entity': "${X-Rivulet-Entity:isEmpty():ifElse(${path:substringAfter('.'):substringBefore('/')}, ${X-Rivulet-Entity})}",
    'rivulet.topic': 'raw.${rivulet.source}.${rivulet.entity}',
  }),
  processor('Look up topic rules', 'org.apache.nifi.processors.standard.LookupAttribute', 'nifi-standard-nar', {
    'lookup-service': lookup.identifier, 'include-empty-values': 'false', 'rivulet.id_field': '${rivulet.topic}#id', 'rivulet.event_time_field': '${rivulet.topic}#time',
  }),
  processor('Route personal data to the gateway', 'org.apache.nifi.processors.standard.RouteOnAttribute', 'nifi-standard-nar', {
    'Routing Strategy': 'Route to Property name',
    personal: `\${rivulet.topic:in(${PERSONAL_TOPICS.map((t) => `'${t}'`).join(', ')})}`,
  }),
  processor('Post to the Rivulet gateway', 'org.apache.nifi.processors.standard.InvokeHTTP', 'nifi-standard-nar', {
    'HTTP Method': 'POST', 'HTTP URL': '#{gateway_url}/data/ingest/${rivulet.source}/${rivulet.entity}', 'Request Content-Type': 'text/csv',
    Authorization: 'Bearer #{gateway_api_key}', 'Idempotency-Key': '${filename}-${file.size}-${file.lastModifiedTime:replaceEmpty(${uuid})}',
  }, { autoTerminated: ['Original', 'Response'], comments: 'The gateway encrypts personal fields (@rivulet/pii) and builds the envelope' }),
  processor('Build envelope and key', 'org.apache.nifi.processors.standard.UpdateRecord', 'nifi-standard-nar', {
    'record-reader': csvReader.identifier, 'record-writer': jsonWriter.identifier, 'replacement-value-strategy': 'record-path-value',
    '/envelope': envelopePath, '/_kafka_key': "concat('#{tenant_id}/', /${rivulet.id_field})",
  }),
  processor('Publish to raw topic', 'org.apache.nifi.kafka.processors.PublishKafka', 'nifi-kafka-nar', {
    'Kafka Connection Service': kafka.identifier, 'Topic Name': '${rivulet.topic}', 'Delivery Guarantee': 'DELIVERY_REPLICATED',
    'Transactions Enabled': 'true', 'Transactional ID Prefix': 'rivulet-nifi-', 'Failure Strategy': 'Route to Failure',
    'Record Reader': jsonReader.identifier, 'Record Writer': avroWriter.identifier, 'Publish Strategy': 'USE_VALUE', 'Message Key Field': '/_kafka_key',
  }, { autoTerminated: ['success'] }),
  processor('Keep failures', 'org.apache.nifi.processors.standard.PutFile', 'nifi-standard-nar', {
    Directory: '#{failed_dir}/${rivulet.topic}', 'Conflict Resolution Strategy': 'replace',
  }, { autoTerminated: ['success', 'failure'] }),
];
const p = (name: string) => processors.find((c) => c.name === name)!;

function connection(from: string, to: string, relationships: string[]) {
  const source = p(from), destination = p(to);
  return {
    identifier: id(`connection:${from}->${to}:${relationships.join(',')}`), instanceIdentifier: id(`connection-instance:${from}->${to}:${relationships.join(',')}`), name: '',
    source: { id: source.identifier, type: 'PROCESSOR', groupId: GROUP, name: from, comments: '', instanceIdentifier: source.instanceIdentifier },
    destination: { id: destination.identifier, type: 'PROCESSOR', groupId: GROUP, name: to, comments: '', instanceIdentifier: destination.instanceIdentifier },
    labelIndex: 1, zIndex: 0, selectedRelationships: relationships, backPressureObjectThreshold: 10000, backPressureDataSizeThreshold: '1 GB',
    flowFileExpiration: '0 sec', prioritizers: [], bends: [], loadBalanceStrategy: 'DO_NOT_LOAD_BALANCE', partitioningAttribute: '',
    loadBalanceCompression: 'DO_NOT_COMPRESS', componentType: 'CONNECTION', groupIdentifier: GROUP,
  };
}

const connections = [
  connection('List source files', 'Fetch source file', ['success']),
  connection('Fetch source file', 'Name the raw topic', ['success']),
  connection('Fetch source file', 'Keep failures', ['failure']),
  connection('Listen for HTTP posts', 'Name the raw topic', ['success']),
  connection('Name the raw topic', 'Look up topic rules', ['success']),
  connection('Look up topic rules', 'Route personal data to the gateway', ['matched']),
  connection('Look up topic rules', 'Keep failures', ['unmatched', 'failure']),
  connection('Route personal data to the gateway', 'Post to the Rivulet gateway', ['personal']),
  connection('Route personal data to the gateway', 'Build envelope and key', ['unmatched']),
  connection('Post to the Rivulet gateway', 'Keep failures', ['No Retry', 'Failure']),
  connection('Post to the Rivulet gateway', 'Post to the Rivulet gateway', ['Retry']),
  connection('Build envelope and key', 'Publish to raw topic', ['success']),
  connection('Build envelope and key', 'Keep failures', ['failure']),
  connection('Publish to raw topic', 'Keep failures', ['failure']),
];

const parameter = (name: string, value: string | null, description: string, sensitive = false) => ({ name, description, sensitive, provided: false, value });
const flow = {
  flowContents: {
    identifier: GROUP, instanceIdentifier: id('group-instance:rivulet-ingest'), name: 'Rivulet ingest',
    comments: 'CSV files and HTTP posts per source → raw.<source>.<entity> (Avro, Confluent-framed, key <tenant>/<id>). Personal data goes through the Rivulet gateway.',
    position: { x: 0, y: 0 }, processGroups: [], remoteProcessGroups: [], processors, inputPorts: [], outputPorts: [], connections, labels: [], funnels: [],
    controllerServices: [registry, csvReader, jsonWriter, jsonReader, avroWriter, kafka, lookup],
    parameterContextName: 'rivulet-ingest', defaultFlowFileExpiration: '0 sec', defaultBackPressureObjectThreshold: 10000,
    defaultBackPressureDataSizeThreshold: '1 GB', flowFileConcurrency: 'UNBOUNDED', flowFileOutboundPolicy: 'STREAM_WHEN_AVAILABLE',
    executionEngine: 'INHERITED', maxConcurrentTasks: 1, statelessFlowTimeout: '1 min', scheduledState: 'ENABLED', componentType: 'PROCESS_GROUP',
  },
  externalControllerServices: {},
  parameterContexts: {
    'rivulet-ingest': {
      name: 'rivulet-ingest', description: 'Addresses and the tenant this NiFi instance ingests for', inheritedParameterContexts: [], componentType: 'PARAMETER_CONTEXT',
      parameters: [
        parameter('tenant_id', 'demo', 'Tenant of every record this flow ingests (no "/")'),
        parameter('kafka_brokers', 'kafka:9092', 'Kafka bootstrap servers'),
        parameter('schema_registry_url', 'http://registry:8080/apis/ccompat/v7', 'Confluent-compatible registry API (Apicurio ccompat v7)'),
        parameter('input_dir', '/data/rivulet/nifi/in', 'One sub-folder per source: <source>.<entity>'),
        parameter('archive_dir', '/data/rivulet/nifi/archive', 'Fetched files are moved here'),
        parameter('failed_dir', '/data/rivulet/nifi/failed', 'Flow files that could not be published'),
        parameter('listen_port', '9099', 'ListenHTTP port'),
        parameter('gateway_url', 'http://gateway:8080', 'Rivulet ingest gateway, for sources with personal data'),
        parameter('gateway_api_key', null, 'Operator API key of the tenant at the gateway', true),
      ],
    },
  },
  flowEncodingVersion: '1.0',
  parameterProviders: {},
  latest: false,
};

const out = new URL('./rivulet-ingest.flow.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(flow, null, 2)}\n`);
process.stdout.write(`wrote ${out.pathname}\n`);
