import type { Knex } from 'knex';
import { Partitioners, type Kafka } from 'kafkajs';
import { generateRecords, type GeneratedRecord } from '@rivulet/generator';
import { createKafkaPublisher, ingestBatch, resolveRawTopic, type IngestDeps } from '@rivulet/ingest';
import { createPgPiiCipher, protectRecord } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';

export interface Ingest {
  /** Publishes one topic's rows the way `rivulet produce` does; resolves with the accepted count. */
  send(topic: string, records: readonly GeneratedRecord[]): Promise<number>;
  close(): Promise<void>;
}

/** The CLI's ingest path (validate, envelope, encrypt personal fields, encode, idempotent acks=all publish). */
export async function createIngest(kafka: Kafka, db: Knex, options: { registryUrl: string; masterKey: string; tenant: string }): Promise<Ingest> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const cipher = createPgPiiCipher({ masterKeyBase64: options.masterKey, db });
  const deps: IngestDeps = {
    serde: createAvroSerde({ url: options.registryUrl }),
    publisher: createKafkaPublisher(producer, { timeoutMs: 60_000 }),
    now: Date.now,
    protect: (topic, value, ctx) => protectRecord(topic.event, value, ctx, cipher),
    prepareKeys: (tenantId, subjectIds) => cipher.prepare(tenantId, subjectIds),
  };
  return {
    async send(topic, records) {
      const [, source, entity] = topic.split('.');
      const rows = records.map((g, index) => ({ index, record: g.record as Record<string, unknown> }));
      return (await ingestBatch(deps, resolveRawTopic(source!, entity!), options.tenant, rows)).accepted.length;
    },
    close: () => producer.disconnect(),
  };
}

/** Groups a slice of generated records by topic, in generation order within each topic. */
export function byTopic(records: Iterable<GeneratedRecord>): Map<string, GeneratedRecord[]> {
  const out = new Map<string, GeneratedRecord[]>();
  for (const r of records) {
    let list = out.get(r.topic);
    if (!list) out.set(r.topic, (list = []));
    list.push(r);
  }
  return out;
}

/** Takes the next `n` records of a generator (fewer when it ends). */
export function take(source: Iterator<GeneratedRecord>, n: number): GeneratedRecord[] {
  const out: GeneratedRecord[] = [];
  while (out.length < n) {
    const step = source.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
}

export function generated(records: number, seed: string): Iterator<GeneratedRecord> {
  return generateRecords({ records, seed });
}
