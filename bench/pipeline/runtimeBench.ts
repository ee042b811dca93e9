import { generateRecords } from '@rivulet/generator';
import { prepareRecord, resolveRawTopic } from '@rivulet/ingest';
import { createAvroSerde } from '@rivulet/registry';
import { CompressionTypes } from 'kafkajs';
import { createKafka, createLogger, createProcessor, emit } from '@rivulet/runtime';
import { createTopics, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import type { BenchResult } from './result.js';
import { rate } from './stats.js';

/**
 * (b) kafkajs with Avro through the runtime, on fresh topics: encode + produce N raw call records (the
 * generator's, enveloped by the ingest path's `prepareRecord`), consume + decode them with a plain kafkajs
 * consumer, then run them through `createProcessor` (decode → pass-through handler → encode → one Kafka
 * transaction per chunk with the offsets).
 */
export async function runtimeBench(options: { brokers: string[]; registryUrl: string; records: number; partitions: number; compression?: 'none' | 'gzip' }): Promise<NonNullable<BenchResult['runtime']>> {
  const topic = resolveRawTopic('cdr', 'call');
  const [input, output] = [uniqueName('bench.runtime.in'), uniqueName('bench.runtime.out')];
  const kafka = testKafka(options.brokers);
  const serde = createAvroSerde({ url: options.registryUrl });
  await createTopics(kafka, [input, output], options.partitions);
  await serde.register(`${input}-value`, topic.event.schema);
  await serde.register(`${output}-value`, topic.event.schema);

  const values: { key: string; value: unknown }[] = [];
  for (const g of generateRecords({ records: options.records * 20, seed: 'bench-runtime' })) {
    if (g.topic !== topic.topic) continue;
    const prepared = prepareRecord(topic, { index: values.length, record: g.record as Record<string, unknown> }, { tenantId: 'bench', ingestTime: Date.now() });
    if (prepared.ok) values.push({ key: prepared.record.key, value: prepared.record.value });
    if (values.length === options.records) break;
  }
  const records = values.length;

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const produceStart = performance.now();
  for (let i = 0; i < records; i += 2_000) {
    const messages = await Promise.all(values.slice(i, i + 2_000).map(async (v) => ({ key: v.key, value: await serde.encode(`${input}-value`, v.value) })));
    await producer.send({ topic: input, acks: -1, messages });
  }
  const produceMs = performance.now() - produceStart;
  await producer.disconnect();

  // Plain consume + decode, timed from the first fetched batch (group join excluded).
  const consumer = kafka.consumer({ groupId: uniqueName('bench.runtime.consume'), readUncommitted: false });
  let consumed = 0;
  let firstAt = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      firstAt ||= performance.now();
      for (const m of batch.messages) if (m.value) await serde.decode(m.value);
      consumed += batch.messages.length;
    },
  });
  await waitFor(() => consumed >= records, { timeoutMs: 600_000, intervalMs: 20, description: 'plain consumer to read every record' });
  const consumeMs = performance.now() - firstAt;
  await consumer.disconnect();

  // The runtime: read-process-write with exactly-once transactions.
  const logger = createLogger('bench-runtime', 'warn');
  let firstHandled = 0;
  const groupId = uniqueName('bench.runtime.process');
  const processor = createProcessor({
    app: 'bench-runtime', kafka: createKafka({ brokers: options.brokers, clientId: 'bench-runtime' }, logger), codec: serde, topics: [input], logger, groupId,
    compression: options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    handler: (record) => {
      firstHandled ||= performance.now();
      return emit({ topic: output, key: record.key, value: record.value });
    },
  });
  await processor.start();
  const admin = kafka.admin();
  await admin.connect();
  const committed = async () => (await admin.fetchOffsets({ groupId, topics: [input] }))[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  let doneAt = 0;
  await waitFor(async () => ((await committed()) >= records ? (doneAt = performance.now()) : false), { timeoutMs: 900_000, intervalMs: 100, description: 'runtime processor to commit every record' });
  await admin.disconnect();
  await processor.stop();
  return {
    records,
    event: topic.event.name,
    compression: options.compression ?? 'none',
    produceRecordsPerSec: rate(records, produceMs),
    consumeRecordsPerSec: rate(records, consumeMs),
    processRecordsPerSec: rate(records, doneAt - firstHandled),
  };
}
