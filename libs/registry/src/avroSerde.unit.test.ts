import { describe, expect, it } from 'vitest';
import { createAvroSerde } from './avroSerde.js';
import {
  AvroDecodeError, AvroValidationError, RegistryUnavailableError, UnknownSchemaIdError, UnknownSubjectError,
} from './errors.js';
import type { RegistryClient } from './registryClient.js';
import { frame } from './wireFormat.js';

const schema = {
  type: 'record', name: 'Thing', namespace: 'io.rivulet.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'inner', type: { type: 'record', name: 'Inner', fields: [{ name: 'n', type: 'int' }] } },
  ],
};
const value = { id: 'a', at: Date.UTC(2024, 0, 2, 3, 4, 5, 678), note: null, inner: { n: 1 } };

/** An in-memory registry: ids 7 (subject "things-value") and nothing else. */
function fakeClient(overrides: Partial<RegistryClient> = {}): RegistryClient & { lookups: number } {
  const fake = {
    lookups: 0,
    latestSchemaId: async (subject: string) => {
      fake.lookups += 1;
      if (subject !== 'things-value') throw new UnknownSubjectError(subject);
      return 7;
    },
    schemaById: async (id: number) => {
      fake.lookups += 1;
      if (id !== 7) throw new UnknownSchemaIdError(id);
      return schema;
    },
    register: async () => 7,
    setCompatibility: async () => undefined,
    ...overrides,
  };
  return fake;
}

describe('AvroSerde (no registry)', () => {
  it('encodes into a framed message that decodes to the same value, timestamps as epoch ms', async () => {
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient() });
    const message = await serde.encode('things-value', value);
    expect(message.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 7]));
    const decoded = await serde.decode(message);
    expect(decoded.schemaId).toBe(7);
    expect({ ...(decoded.value as object), inner: { ...(decoded.value as { inner: object }).inner } }).toEqual(value);
  });

  it('looks the subject and the id up once, then serves from cache', async () => {
    const client = fakeClient();
    const serde = createAvroSerde({ url: 'http://unused', client });
    await Promise.all([serde.encode('things-value', value), serde.encode('things-value', value)]);
    await serde.decode(await serde.encode('things-value', value));
    expect(client.lookups).toBe(2);
  });

  it('names every offending field path without printing values, and encodes nothing', async () => {
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient() });
    const bad = { id: 'secret-name', at: new Date(), note: 3, inner: {} };
    const error = await serde.encode('things-value', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AvroValidationError);
    const { problems, message, retriable } = error as AvroValidationError;
    expect(retriable).toBe(false);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['at', 'note', 'inner.n']);
    expect(message).toMatch(/at: expected long, got a Date/);
    expect(message).not.toMatch(/secret-name/);
  });

  it('reports a truncated body and trailing garbage as AvroDecodeError (poison)', async () => {
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient() });
    const message = await serde.encode('things-value', value);
    for (const broken of [message.subarray(0, message.length - 2), Buffer.concat([message, Buffer.from([1, 2, 3])])]) {
      const error = await serde.decode(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AvroDecodeError);
      expect((error as AvroDecodeError).retriable).toBe(false);
    }
  });

  it('an unknown id is "registry not ready" (retriable) for the grace period from its first miss, then poison', async () => {
    let clock = 0;
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient(), unknownIdGraceMs: 10_000, now: () => clock });
    const message = Buffer.from([0, 0, 0, 0, 9, 2]);
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: true, message: expect.stringMatching(/schema id 9 is not known to the registry \(yet\)/) });
    clock = 9_999;
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: true });
    clock = 10_000;
    await expect(serde.decode(message)).rejects.toBeInstanceOf(UnknownSchemaIdError);
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: false });
  });

  it('after the grace, an unknown id stays retriable while the registry no longer serves an id it served before (reloading)', async () => {
    let clock = 0;
    let loading = false;
    const client = fakeClient();
    const known = client.schemaById;
    const serde = createAvroSerde({
      url: 'http://unused', unknownIdGraceMs: 1_000, now: () => clock,
      client: { ...client, schemaById: async (id: number) => { if (loading) throw new UnknownSchemaIdError(id); return known(id); } },
    });
    await serde.decode(await serde.encode('things-value', value)); // id 7 served once
    loading = true;
    const message = Buffer.from([0, 0, 0, 0, 8, 2]);
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: true });
    clock = 5_000;
    await expect(serde.decode(message)).rejects.toMatchObject({ retriable: true, message: expect.stringMatching(/no longer serves schema id 7/) });
    loading = false; // reloaded, and 8 is still unknown: poison
    await expect(serde.decode(message)).rejects.toBeInstanceOf(UnknownSchemaIdError);
  });

  it('passes UnknownSchemaIdError through for an id the registry does not know (poison)', async () => {
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient(), unknownIdGraceMs: 0 });
    const error = await serde.decode(frame(99, Buffer.from([0]))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSchemaIdError);
  });

  it('an unknown subject on encode is retriable (registry still loading, or topics not applied): never the record\'s fault, so never poison', async () => {
    let loading = true;
    const client = fakeClient({ latestSchemaId: async (subject) => { if (loading) throw new UnknownSubjectError(subject); return 7; } });
    const serde = createAvroSerde({ url: 'http://unused', client });
    await expect(serde.encode('things-value', value)).rejects.toMatchObject({ retriable: true, message: expect.stringMatching(/"things-value" has no registered schema \(run the topics CLI; a registry that has just started may still be loading it\)/) });
    loading = false;
    expect((await serde.decode(await serde.encode('things-value', value))).value).toEqual(value);
  });

  it('does not cache a failed lookup: after an outage the next call asks again', async () => {
    let down = true;
    const client = fakeClient();
    const flaky = fakeClient({
      latestSchemaId: async (subject) => {
        if (down) throw new RegistryUnavailableError('connection refused');
        return client.latestSchemaId(subject);
      },
    });
    const serde = createAvroSerde({ url: 'http://unused', client: flaky });
    await expect(serde.encode('things-value', value)).rejects.toMatchObject({ retriable: true });
    down = false;
    await expect(serde.encode('things-value', value)).resolves.toBeInstanceOf(Buffer);
  });

  it('sets the compatibility after the first version when the subject did not exist yet', async () => {
    const calls: string[] = [];
    const client = fakeClient({
      setCompatibility: async (subject, level) => {
        calls.push(`config ${level}`);
        if (!calls.includes('register')) throw new UnknownSubjectError(subject);
      },
      register: async () => {
        calls.push('register');
        return 7;
      },
    });
    const serde = createAvroSerde({ url: 'http://unused', client });
    await expect(serde.register('new-value', schema, { compatibility: 'BACKWARD' })).resolves.toBe(7);
    expect(calls).toEqual(['config BACKWARD', 'register', 'config BACKWARD']);
  });

  it('refuses a schema avsc cannot parse before calling the registry', async () => {
    const serde = createAvroSerde({ url: 'http://unused', client: fakeClient({ register: async () => { throw new Error('must not be called'); } }) });
    await expect(serde.register('x-value', { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] })).rejects.toThrow(/nope/);
  });
});
