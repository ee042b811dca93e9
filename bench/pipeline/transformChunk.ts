/**
 * One transform chunk, timed: `--records` generated raw records (personal fields encrypted by the ingest
 * path, keys in PostgreSQL) through the runtime's `processChunk` with the transform app's handler and a cold
 * key cache (as after a start or for new subjects), at each `--concurrency`. Isolates the transform's hot
 * loop from Kafka and from the other apps. Run: npx tsx --conditions=source bench/pipeline/transformChunk.ts
 */
import { parseArgs } from 'node:util';
import { createDb } from '@rivulet/db';
import { generateRecords } from '@rivulet/generator';
import { prepareRecord, resolveRawTopic } from '@rivulet/ingest';
import { createPgPiiCipher, protectRecord } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { defaultBackoff, processChunk, type RawMessage } from '@rivulet/runtime';
import { stackEnv, TEST_MASTER_KEY, uniqueName } from '@rivulet/testkit';
import { createTransformHandler, createTransformPreparer } from '../../apps/transform/src/transformHandler.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '1,16' }, rounds: { type: 'string', default: '3' }, 'no-prepare': { type: 'boolean', default: false } } });
const env = stackEnv(process.env);
const db = createDb({ url: env.databaseUrl, maxConnections: 4, applicationName: 'rivulet-bench-transform' });
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const masterKeyBase64 = process.env.RIVULET_MASTER_KEY ?? TEST_MASTER_KEY;
const tenant = uniqueName('benchtx').replaceAll('-', '_');
const ingestCipher = createPgPiiCipher({ masterKeyBase64, db });

const messages: RawMessage[] = [];
for (const g of generateRecords({ records: Number(values.records), seed: tenant })) {
  const [, source, entity] = g.topic.split('.');
  const topic = resolveRawTopic(source!, entity!);
  const prepared = prepareRecord(topic, { index: 0, record: g.record as Record<string, unknown> }, { tenantId: tenant, ingestTime: Date.now() });
  if (!prepared.ok) continue;
  const value = prepared.record.subjectId && topic.hasPii
    ? await protectRecord(topic.event, prepared.record.value, { tenantId: tenant, subjectId: prepared.record.subjectId }, ingestCipher)
    : prepared.record.value;
  messages.push({ topic: g.topic, partition: 0, offset: String(messages.length), timestamp: Date.now(), key: Buffer.from(prepared.record.key), value: await serde.encode(`${g.topic}-value`, value), headers: {} });
}

const handler = createTransformHandler();
const preparer = createTransformPreparer();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const concurrency of values.concurrency!.split(',').map(Number)) {
    // A fresh cipher per pass: its key cache is cold, as in a transform meeting these subjects for the first time.
    const pii = createPgPiiCipher({ masterKeyBase64, db });
    const started = performance.now();
    const outcome = await processChunk(messages, {
      app: 'bench-transform', consumerGroup: 'bench', codec: serde, handler, backoff: defaultBackoff, concurrency,
      // The transform app's preparer (--no-prepare: one key lookup per subject, as before it).
      ...(values['no-prepare'] ? {} : { prepare: preparer }),
      ctx: { now: new Date(), app: 'bench-transform', lookups: { pii } },
    });
    const ms = performance.now() - started;
    console.log(`round ${round + 1} concurrency ${concurrency}: ${messages.length} records in ${ms.toFixed(0)} ms = ${((messages.length * 1000) / ms).toFixed(0)} records/s (${outcome.emitted} outputs, ${outcome.deadLettered} dead letters)`);
  }
}
await db.destroy();
