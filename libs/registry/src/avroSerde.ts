import type avro from 'avsc';
import { createAvroType, decodeBody, encodeBody } from './avroType.js';
import { RegistryUnavailableError, UnknownSchemaIdError, UnknownSubjectError } from './errors.js';
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
  /**
   * How long an unknown schema id counts as "registry not ready" (retriable) from its first 404 before it is
   * poison (default 10 s). A registry that has just restarted answers 404 for ids it issued until it has
   * reloaded its storage (Apicurio's kafkasql journal); without this, good records went to dead letters.
   */
  unknownIdGraceMs?: number;
  now?: () => number;
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

  const grace = options.unknownIdGraceMs ?? 10_000;
  const now = options.now ?? Date.now;
  /** First 404 per schema id (bounded), and one id this registry has served (the readiness probe). */
  const firstUnknownAt = new Map<number, number>();
  let servedId: number | undefined;

  /** Whether the registry still serves an id it served before; false while it is (re)loading its storage. */
  const stillServes = async (id: number): Promise<boolean> => {
    try {
      await client.schemaById(id);
      return true;
    } catch (error) {
      if (error instanceof UnknownSchemaIdError) return false;
      throw error;
    }
  };

  const loadType = async (id: number): Promise<avro.Type> => {
    try {
      const type = createAvroType(await client.schemaById(id));
      servedId ??= id;
      firstUnknownAt.delete(id);
      return type;
    } catch (error) {
      if (!(error instanceof UnknownSchemaIdError)) throw error;
      const first = firstUnknownAt.get(id) ?? now();
      if (firstUnknownAt.size > 10_000) firstUnknownAt.clear();
      firstUnknownAt.set(id, first);
      if (now() - first < grace) {
        throw new RegistryUnavailableError(`schema id ${id} is not known to the registry (yet): retrying for ${grace} ms from the first miss in case it is still loading`, { cause: error });
      }
      if (servedId !== undefined && servedId !== id && !(await stillServes(servedId))) {
        throw new RegistryUnavailableError(`the registry no longer serves schema id ${servedId} it served before: still loading, retrying`, { cause: error });
      }
      throw error;
    }
  };
  const typeById = (id: number): Promise<avro.Type> => memo(typesById, id, () => loadType(id));

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
