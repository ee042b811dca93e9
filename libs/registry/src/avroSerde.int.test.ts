import { stackEnv, uniqueName } from '@rivulet/testkit';
import { describe, expect, it } from 'vitest';
import { createAvroSerde } from './avroSerde.js';
import { RegistryUnavailableError, UnknownSchemaIdError, UnknownSubjectError } from './errors.js';
import { frame } from './wireFormat.js';

// Against the real registry (Apicurio's Confluent-compatible API by default: the URL's path prefix
// `/apis/ccompat/v7` is kept in front of every request path).
const { schemaRegistryUrl } = stackEnv(process.env);
const fast = { url: schemaRegistryUrl, requestTimeoutMs: 3_000, retries: 1, maxRetryDelayMs: 200 };

const schema = {
  type: 'record', name: 'Reading', namespace: 'io.rivulet.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'value', type: ['null', 'double'], default: null },
  ],
};

describe('AvroSerde against the registry', () => {
  it('registers, encodes with the latest id, and decodes with a fresh serde (timestamp as epoch ms)', async () => {
    const subject = `${uniqueName('serde')}-value`;
    const producer = createAvroSerde(fast);
    const id = await producer.register(subject, schema, { compatibility: 'BACKWARD' });
    const value = { id: 'r-1', at: Date.UTC(2025, 5, 1, 12, 0, 0, 123), value: 1.5 };
    const message = await producer.encode(subject, value);
    expect(message.readUInt32BE(1)).toBe(id);

    const consumer = createAvroSerde(fast);
    const decoded = await consumer.decode(message);
    expect(decoded.schemaId).toBe(id);
    expect({ ...(decoded.value as object) }).toEqual(value);
  });

  it('registering the same schema twice returns the same id (idempotent apply)', async () => {
    const subject = `${uniqueName('serde')}-value`;
    const serde = createAvroSerde(fast);
    const first = await serde.register(subject, schema, { compatibility: 'BACKWARD' });
    await expect(createAvroSerde(fast).register(subject, schema, { compatibility: 'BACKWARD' })).resolves.toBe(first);
  });

  it('classifies an id the registry never issued as UnknownSchemaIdError (poison) once the grace for a loading registry is over', async () => {
    let clock = 0;
    const serde = createAvroSerde({ ...fast, unknownIdGraceMs: 5_000, now: () => clock });
    const message = frame(2_000_000_000, Buffer.from([2, 0x61]));
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: true });
    clock = 5_000;
    const error = await serde.decode(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSchemaIdError);
    expect((error as UnknownSchemaIdError).retriable).toBe(false);
  });

  it('classifies encoding to a subject without versions as UnknownSubjectError, retriable: the writer waits, nothing is dead-lettered', async () => {
    const error = await createAvroSerde(fast).encode(`${uniqueName('none')}-value`, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSubjectError);
    expect((error as UnknownSubjectError).retriable).toBe(true);
  });

  it('classifies a registry that is not listening as RegistryUnavailableError (retriable)', async () => {
    const serde = createAvroSerde({ url: 'http://127.0.0.1:9/apis/ccompat/v7', requestTimeoutMs: 500, retries: 0 });
    const error = await serde.decode(frame(1, Buffer.alloc(0))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as RegistryUnavailableError).retriable).toBe(true);
  });
});
