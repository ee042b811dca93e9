import { createReadModelProjection } from '@rivulet/projections';
import { createAvroSerde } from '@rivulet/registry';
import { createReplayService, type ReplayService } from '@rivulet/replay';
import { createKafka, createLogger } from '@rivulet/runtime';
import { stackEnv } from '@rivulet/testkit';
import type { Knex } from 'knex';

/**
 * A real replay service over no topics, for tests that walk every route: it plans, lists and looks up jobs.
 * The server needs it before the test schema exists, so `replays` forwards to the service `start` builds.
 */
export function emptyReplays() {
  let service: ReplayService | undefined;
  const replays: ReplayService = {
    startRebuild: (i) => service!.startRebuild(i),
    planRebuild: (i) => service!.planRebuild(i),
    progress: (id, t) => service!.progress(id, t),
    list: (t, l) => service!.list(t, l),
    resumeUnfinished: () => service!.resumeUnfinished(),
    close: () => service?.close() ?? Promise.resolve(),
  };
  return {
    replays,
    start(db: Knex, liveSchema: string) {
      const env = stackEnv(process.env);
      const logger = createLogger('replays-fixture', 'silent');
      service = createReplayService({
        db, logger, liveSchema, projection: 'live', readModels: createReadModelProjection({ topicEvents: {} }),
        kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'replays-fixture' }, logger), codec: createAvroSerde({ url: env.schemaRegistryUrl }),
      });
    },
  };
}
