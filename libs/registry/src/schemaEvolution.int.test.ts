import { stackEnv, uniqueName } from '@rivulet/testkit';
import { describe, expect, it } from 'vitest';
import { createAvroSerde } from './avroSerde.js';
import { createAvroType } from './avroType.js';
import { AvroValidationError, SchemaIncompatibleError } from './errors.js';
import { unframe } from './wireFormat.js';

// Issue "Event contracts", item 4: what BACKWARD compatibility really allows, checked against the registry.
// BACKWARD means a consumer using the NEW schema can read data written with the OLD one
// (https://docs.confluent.io/platform/current/schema-registry/fundamentals/schema-evolution.html):
// - adding a field WITH a default: allowed (the new reader fills the default for old data);
// - removing a field: allowed (the new reader skips the writer's extra field) — so "remove a required
//   field" is NOT what BACKWARD rejects, and we assert it is accepted;
// - adding a field WITHOUT a default: rejected (the new reader has nothing to put there for old data);
// - changing a field's type to a non-promotable one (long → string): rejected.
// Old *readers* of new data (FORWARD direction) still work for the first case with avsc's resolver,
// which is how consumers that have not been upgraded yet keep going.
const { schemaRegistryUrl } = stackEnv(process.env);
const fast = { url: schemaRegistryUrl, requestTimeoutMs: 3_000, retries: 1, maxRetryDelayMs: 200 };

const v1 = {
  type: 'record', name: 'Payment', namespace: 'io.rivulet.test',
  fields: [
    { name: 'payment_id', type: 'string' },
    { name: 'amount_minor', type: 'long' },
    { name: 'paid_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const withField = (field: object) => ({ ...v1, fields: [...v1.fields, field] });

async function subjectAtV1(): Promise<{ subject: string; v1Id: number }> {
  const subject = `${uniqueName('evolution')}-value`;
  const v1Id = await createAvroSerde(fast).register(subject, v1, { compatibility: 'BACKWARD' });
  return { subject, v1Id };
}

describe('schema evolution under BACKWARD', () => {
  it('accepts an optional field with a default, and an old reader still decodes the new events', async () => {
    const { subject, v1Id } = await subjectAtV1();
    const serde = createAvroSerde(fast);
    const v2 = withField({ name: 'reference', type: ['null', 'string'], default: null });
    const v2Id = await serde.register(subject, v2, { compatibility: 'BACKWARD' });
    expect(v2Id).not.toBe(v1Id);

    const event = { payment_id: 'p-1', amount_minor: 1250, paid_at: Date.UTC(2025, 0, 1), reference: 'INV-9' };
    const message = await serde.encode(subject, event);
    const { schemaId, body } = unframe(message);
    expect(schemaId).toBe(v2Id);

    // The old reader resolves the writer's (v2) schema into its own (v1): the new field is skipped.
    const oldReader = createAvroType(v1);
    const decoded = oldReader.fromBuffer(body, oldReader.createResolver(createAvroType(v2)));
    expect({ ...decoded }).toEqual({ payment_id: 'p-1', amount_minor: 1250, paid_at: Date.UTC(2025, 0, 1) });
  });

  it('accepts removing a field (BACKWARD lets the new reader ignore it)', async () => {
    const { subject, v1Id } = await subjectAtV1();
    const withoutAmount = { ...v1, fields: v1.fields.filter((f) => f.name !== 'amount_minor') };
    await expect(createAvroSerde(fast).register(subject, withoutAmount, { compatibility: 'BACKWARD' })).resolves.not.toBe(v1Id);
  });

  it.each([
    ['adds a required field without a default', withField({ name: 'currency', type: 'string' })],
    ['changes a field type (long → string)', { ...v1, fields: v1.fields.map((f) => (f.name === 'amount_minor' ? { ...f, type: 'string' } : f)) }],
  ])('rejects a schema that %s with SchemaIncompatibleError, and the subject keeps writing v1', async (_label, incompatible) => {
    const { subject, v1Id } = await subjectAtV1();
    const error = await createAvroSerde(fast).register(subject, incompatible, { compatibility: 'BACKWARD' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaIncompatibleError);
    expect((error as SchemaIncompatibleError).retriable).toBe(false);

    const message = await createAvroSerde(fast).encode(subject, { payment_id: 'p-2', amount_minor: 1, paid_at: 0 });
    expect(unframe(message).schemaId).toBe(v1Id);
  });

  it('refuses to encode a value that does not match the latest schema, naming the field, producing no bytes', async () => {
    const { subject } = await subjectAtV1();
    const error = await createAvroSerde(fast).encode(subject, { payment_id: 'p-3', amount_minor: '12.50', paid_at: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AvroValidationError);
    expect((error as AvroValidationError).message).toMatch(/amount_minor: expected long/);
  });
});
