import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { classifyFailure, failureOf, isTransportFailure } from './classifyFailure.js';
import { RegistryError, UnknownSchemaIdError, UnknownSubjectError } from './errors.js';

export type Compatibility =
  | 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';

export interface RegistryClientOptions {
  /** Base URL including any path prefix, e.g. Apicurio's `http://127.0.0.1:18081/apis/ccompat/v7`. */
  url: string;
  /** Per-request timeout; a timeout counts as "registry unavailable" (retriable). Default 5000. */
  requestTimeoutMs?: number;
  /** Retries of one call on 5xx, timeout or connection failure before giving up. Default 3. */
  retries?: number;
  /** Upper bound of one backoff pause. Default 2000. */
  maxRetryDelayMs?: number;
}

/** The registry operations Rivulet needs, with failures already mapped to `RegistryError` subclasses. */
export interface RegistryClient {
  latestSchemaId(subject: string): Promise<number>;
  /** The schema text stored under `id`, parsed. */
  schemaById(id: number): Promise<object>;
  /** Registers (or finds: the registry is idempotent for an identical schema) and returns the id. */
  register(subject: string, schema: object): Promise<number>;
  setCompatibility(subject: string, level: Compatibility): Promise<void>;
}

type ClientArgs = ConstructorParameters<typeof SchemaRegistry>[0];
type Middleware = NonNullable<ClientArgs['middlewares']>[number];
interface HttpResponse { data(): unknown }
/**
 * The library's public API covers lookups, but its `register` refuses a subject whose compatibility level
 * differs from the requested one and only sets the level on first registration; it has no call to set a
 * level. Its underlying resource client (same base URL, retry and error middleware) has both, so we use
 * that one field. Pinned by the `^4` range in package.json; the unit tests would catch a rename.
 */
interface ResourceClient {
  Schema: { find(params: { id: number }): Promise<HttpResponse> };
  Subject: {
    register(params: { subject: string; body: { schema: string } }): Promise<HttpResponse>;
    updateConfig(params: { subject: string; body: { compatibility: Compatibility } }): Promise<HttpResponse>;
  };
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const { url, requestTimeoutMs = 5_000, retries = 3, maxRetryDelayMs = 2_000 } = options;
  // mappersmith has no client-wide timeout: set it on every request.
  const timeout: Middleware = () => ({ prepareRequest: async (next) => (await next()).enhance({ timeout: requestTimeoutMs }) });
  const library = new SchemaRegistry({
    host: url.replace(/\/+$/, ''),
    clientId: 'rivulet',
    middlewares: [timeout],
    retry: {
      retries,
      initialRetryTimeInSecs: 0.1,
      maxRetryTimeInSecs: maxRetryDelayMs / 1000,
      // Default is status >= 500 only; transport failures arrive as a fake 400 and deserve a retry too.
      validateRetry: (response) => response.status() >= 500 || isTransportFailure({ status: response.status(), message: String(response.error()?.message ?? '') }),
    },
  });
  const resources = (library as unknown as { api: ResourceClient }).api;

  const call = async <T>(operation: string, run: () => Promise<T>, notFound?: () => RegistryError): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // A bug in our code or the library is not an outage: let it surface unchanged.
      if (error instanceof TypeError || error instanceof RangeError) throw error;
      throw classifyFailure(failureOf(error), { operation, notFound }, error);
    }
  };

  return {
    latestSchemaId: (subject) =>
      call(`latest schema of ${subject}`, () => library.getLatestSchemaId(subject), () => new UnknownSubjectError(subject)),
    schemaById: (id) =>
      call(`schema ${id}`, async () => {
        const found = (await resources.Schema.find({ id })).data() as { schema: string };
        return JSON.parse(found.schema) as object;
      }, () => new UnknownSchemaIdError(id)),
    register: (subject, schema) =>
      call(`register ${subject}`, async () => {
        const response = await resources.Subject.register({ subject, body: { schema: JSON.stringify(schema) } });
        return (response.data() as { id: number }).id;
      }),
    setCompatibility: (subject, level) =>
      call(`set compatibility of ${subject}`, async () => {
        await resources.Subject.updateConfig({ subject, body: { compatibility: level } });
      }, () => new UnknownSubjectError(subject)),
  };
}
