import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Match-specific metrics, next to the runtime's processor metrics in the same registry. */
export function createMatchMetrics(registry: Registry, backlog: () => Promise<number>) {
  return {
    comparisons: new Histogram({
      name: 'rivulet_match_comparisons_per_record',
      help: 'Candidate records scored per incoming record (bounded by blocking caps)',
      buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
    decisions: new Counter({ name: 'rivulet_match_decisions_total', help: 'Match decisions written to the outbox, by kind', labelNames: ['decision'], registers: [registry] }),
    deadLettered: new Counter({ name: 'rivulet_match_dead_lettered_total', help: 'Canonical parties that could not be matched (to dlq.match)', registers: [registry] }),
    published: new Counter({ name: 'rivulet_outbox_published_total', help: 'Outbox rows published to Kafka and deleted', registers: [registry] }),
    relayFailures: new Counter({ name: 'rivulet_outbox_relay_failures_total', help: 'Failed relay rounds (rows kept, retried)', registers: [registry] }),
    modelTrainings: new Counter({ name: 'rivulet_match_model_trainings_total', help: 'EM re-estimations of a tenant model', registers: [registry] }),
    backlog: new Gauge({
      name: 'rivulet_outbox_backlog',
      help: 'Outbox rows waiting to be published',
      registers: [registry],
      async collect() {
        // Counted on scrape only: a count(*) per relay round would cost more than the relay itself.
        this.set(await backlog().catch(() => -1));
      },
    }),
  };
}

export type MatchMetrics = ReturnType<typeof createMatchMetrics>;
