import { deterministicEventId, valueSubject } from '@rivulet/contracts';
import { createAvroSerde, createRegistryClient } from '@rivulet/registry';
import { stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import avro from 'avsc';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

// What NiFi's AvroRecordSetWriter ("Confluent Schema Registry Reference") writes: magic byte 0, the schema id
// as a big-endian int32, then plain Avro binary of the schema it fetched from the registry. Built here without
// @rivulet/registry's frame(), from the registry's own schema text, then read back through Kafka by Rivulet.
const env = stackEnv(process.env);

describe('a NiFi-framed message', () => {
  it('given the registry schema of raw.erp.order, when framed like NiFi and published, then Rivulet decodes it', async () => {
    const subject = valueSubject('raw.erp.order');
    const client = createRegistryClient({ url: env.schemaRegistryUrl });
    const schemaId = await client.latestSchemaId(subject);
    const type = avro.Type.forSchema((await client.schemaById(schemaId)) as avro.Schema);
    const tenant = uniqueName('nifi');
    const key = `${tenant}/ORD-1`;
    const record = {
      envelope: {
        event_id: deterministicEventId({ tenantId: tenant, sourceSystem: 'erp', key, version: 'sha256:x' }), tenant_id: tenant, source_system: 'erp',
        event_time: Date.UTC(2024, 2, 1), ingest_time: Date.now(), schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null,
      },
      order_id: 'ORD-1', account_id: 'ACC-1', order_date: Date.UTC(2024, 2, 1), status: 'PLACED', total_amount: '12.50', currency: 'GBP',
      item_count: 2, channel: null, region: 'NORTH',
    };
    const header = Buffer.alloc(5);
    header.writeUInt32BE(schemaId, 1);
    const framed = Buffer.concat([header, type.toBuffer(record)]);

    const kafka = testKafka(env.kafkaBrokers);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: 'raw.erp.order', acks: -1, messages: [{ key, value: framed }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('nifi-framing') });
    const seen: Buffer[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: ['raw.erp.order'], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { if (message.key?.toString() === key && message.value) seen.push(message.value); } });
    try {
      await waitFor(() => seen.length > 0, { timeoutMs: 60_000, description: 'the NiFi-framed message' });
    } finally {
      await consumer.disconnect();
    }
    const decoded = await createAvroSerde({ url: env.schemaRegistryUrl }).decode(seen[0]!);
    expect(decoded.schemaId).toBe(schemaId);
    expect(decoded.value).toEqual(record);
  });
});
