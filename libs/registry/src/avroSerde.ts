import type avro from 'avsc';
import { createAvroType, decodeBody, encodeBody } from './avroType.js';
import { UnknownSubjectError } from './errors.js';
import { createRegistryClient, type Compatibility, type RegistryClient, type RegistryClientOptions } from './registryClient.js';
import { frame, unframe } from './wireFormat.js';

export interface AvroSerde {
  /** Encode with the latest schema registered under `subject` (id cached after first lookup). */
  encode(subject: string, value: unknown): Promise<Buffer>;
  /** Decode any Confluent-framed Avro message; schemas by id cached forever (ids are immutable). */
  decode(message: Buffer): Promise<{ value: unknown; schemaId: number }>;
  /**
   * Registers `schema` under `subject` and returns its id. With `compatibility`, the subject's level is set
   * first, so the new schema is checked under it (a brand-new subject gets the level right after its first
   * version, since registries only keep config for subjects that exist).
   */
  register(subject: string, schema: object, opts?: { compatibility?: Compatibility }): Promise<number>;
}

export interface AvroSerdeOptions extends RegistryClientOptions {
  /** For tests: a client that does not talk HTTP. */
  client?: RegistryClient;
}

/**
 * Caching policy: schema id → avsc type forever (ids never change meaning); subject → latest id until the
 * process restarts or this serde registers a new version of that subject. A producer therefore keeps
 * writing the version it started with, which is what BACKWARD compatibility makes safe: consumers
 * upgrade first, producers pick up new versions on their next start.
 * Concurrent misses share one in-flight lookup; a failed lookup is not cached, so the next call retries.
 */
export function createAvroSerde(options: AvroSerdeOptions): AvroSerde {
  const client = options.client ?? createRegistryClient(options);
  const typesById = new Map<number, Promise<avro.Type>>();
  const latestIds = new Map<string, Promise<number>>();

  const memo = <K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> => {
    const cached = cache.get(key);
    if (cached) return cached;
    const pending = load();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  };

  const typeById = (id: number): Promise<avro.Type> =>
    memo(typesById, id, async () => createAvroType(await client.schemaById(id)));

  return {
    async encode(subject, value) {
      const id = await memo(latestIds, subject, () => client.latestSchemaId(subject));
      const type = await typeById(id);
      return frame(id, encodeBody(type, subject, value));
    },

    async decode(message) {
      const { schemaId, body } = unframe(message);
      const type = await typeById(schemaId);
      return { value: decodeBody(type, body, schemaId), schemaId };
    },

    async register(subject, schema, opts = {}) {
      // Parse locally first: an invalid schema fails here with avsc's message, before any HTTP call.
      const type = createAvroType(schema);
      const { compatibility } = opts;
      let levelSet = false;
      if (compatibility) {
        try {
          await client.setCompatibility(subject, compatibility);
          levelSet = true;
        } catch (error) {
          if (!(error instanceof UnknownSubjectError)) throw error;
        }
      }
      const id = await client.register(subject, schema);
      if (compatibility && !levelSet) await client.setCompatibility(subject, compatibility);
      latestIds.set(subject, Promise.resolve(id));
      if (!typesById.has(id)) typesById.set(id, Promise.resolve(type));
      return id;
    },
  };
}
