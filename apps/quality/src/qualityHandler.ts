import { loadSchemas, TOPIC_DEFINITIONS, type EventSchema } from '@rivulet/contracts';
import { revealRecord, warmSubjects, type PiiCipher } from '@rivulet/pii';
import { duplicateKey, evaluateRecord, getField, isMissing, toQualityEvents, type CompiledChecks, type RecordRef, type RuleSets } from '@rivulet/quality';
import { emit, poison, skip, type ChunkPreparer, type Handler, type InputRecord } from '@rivulet/runtime';
import type { AnomalyModels } from './anomalyModels.js';
import { observedCiphertext, personalValues, withoutPersonalValues } from './personalValues.js';
import { qualityOutputs, traceIdOf } from './qualityOutputs.js';
import { sourceLabel, type QualityMetrics } from './qualityMetrics.js';
import { referenceKey, type KeyLookupRequest, type QualityStateStore } from './qualityState.js';

export interface QualityAppLookups {
  pii: PiiCipher;
  state: QualityStateStore;
  models: AnomalyModels;
  metrics?: QualityMetrics;
}

export interface QualityHandlerOptions {
  /**
   * Checks per tenant and canonical entity (config/checks/<entity>.yaml with the tenant's thresholds from
   * config/checks/tenants/<tenant>.yaml) and their version, carried as lineage.mapping_version and in the
   * derived event ids.
   */
  rules: RuleSets;
  schemas?: ReadonlyMap<string, EventSchema>;
}

interface CanonicalValue {
  envelope: { event_id: string; tenant_id: string; event_time: number; ingest_time: number; pii_subject_id: string | null };
  source_record: { source_system: string; entity: string; record_id: string };
}

/**
 * canonical.<entity> → quality.results (+ quality.issues per failed check).
 *
 * Personal fields are revealed in memory only, to judge their format; what leaves is ciphertext or a
 * description (see personalValues.ts). The evaluation instant is the input's ingest time, not the clock, so
 * reprocessing the same record gives the same verdict. A record whose subject was erased is skipped: its
 * personal fields are gone on purpose, and judging them "missing" would be noise.
 */
export function createQualityHandler(options: QualityHandlerOptions): Handler<unknown, QualityAppLookups> {
  const inputOf = createInputReader(options);

  return async (input, ctx) => {
    const read = inputOf(input);
    if (!read) return poison(`no quality checks or contract for topic ${input.topic}`);
    const { entity, value, rules, schema } = read;
    const env = value.envelope;
    const checks = rules.checks;
    const { record: clear, erased } = await revealRecord(schema, value, env.tenant_id, ctx.lookups.pii);
    if (erased.length > 0) return skip(`personal data of the subject was erased (${erased.join(', ')})`);

    const source = value.source_record.source_system;
    const answer = await ctx.lookups.state.lookup(lookupRequest(checks, clear, value, entity));
    const verdict = evaluateRecord(checks, clear, {
      now: env.ingest_time,
      lookups: { seen: (k) => answer.seen.has(k), exists: (e, id) => answer.exists.has(referenceKey(e, id)) },
      protect: observedCiphertext(value, clear),
    });

    // Score before learning from the record, so a record never vouches for itself.
    const anomaly = ctx.lookups.models.score(env.tenant_id, source, entity, clear);
    if (verdict.status === 'PASS') ctx.lookups.models.observe(env.tenant_id, source, entity, clear, env.ingest_time);

    const ref: RecordRef = {
      event_id: env.event_id,
      source_system: source,
      entity: value.source_record.entity,
      record_id: recordIdOf(input.key, env.tenant_id) ?? value.source_record.record_id,
      topic: input.topic,
      partition: input.partition,
      offset: Number(input.offset),
    };
    const events = toQualityEvents(checks, clear, verdict, ref, anomaly?.score ?? null);
    const secrets = personalValues(schema, clear);
    const issues = events.issues.map((i) => withoutPersonalValues(i, secrets));

    const m = ctx.lookups.metrics;
    if (m) {
      const labels = { source: sourceLabel(source), entity };
      m.score.observe(labels, verdict.score);
      m.lastScore.set(labels, verdict.score);
      m.records.inc({ ...labels, status: verdict.status });
      for (const i of issues) m.issues.inc({ ...labels, severity: i.severity });
      if (anomaly?.anomalous) m.anomalous.inc(labels);
    }

    return emit(
      ...qualityOutputs(
        {
          eventId: env.event_id, tenantId: env.tenant_id, eventTime: env.event_time, ingestTime: env.ingest_time,
          piiSubjectId: env.pii_subject_id, topic: input.topic, partition: input.partition, offset: input.offset,
          traceId: traceIdOf(input.headers.traceparent), rulesVersion: rules.version,
          key: input.key ?? `${env.tenant_id}/${ref.record_id}`,
        },
        events.evaluated,
        issues,
      ),
    );
  };
}

/**
 * The quality handler's chunk preparer: the chunk's subject keys in one query, then (where the state store
 * can) every record's duplicate-key and reference lookups in a few statements, in input order. Records the
 * handler will not look up (no checks, erased subject, undecryptable) are left out; the handler meets them
 * as it would without this.
 */
export function createQualityPreparer(options: QualityHandlerOptions): ChunkPreparer<unknown, QualityAppLookups> {
  const inputOf = createInputReader(options);
  return async (records, ctx) => {
    await warmSubjects(ctx.lookups.pii, records.map((r) => r.value));
    const state = ctx.lookups.state;
    if (!state.prefetch) return;
    const requests: KeyLookupRequest[] = [];
    for (const input of records) {
      const read = inputOf(input);
      if (!read) continue;
      const { entity, value, rules, schema } = read;
      const revealed = await revealRecord(schema, value, value.envelope.tenant_id, ctx.lookups.pii).catch(() => null);
      if (!revealed || revealed.erased.length > 0) continue;
      requests.push(lookupRequest(rules.checks, revealed.record, value, entity));
    }
    await state.prefetch(requests);
  };
}

/** A canonical record with its entity, the tenant's checks for it and its contract; null when either is missing. */
function createInputReader(options: QualityHandlerOptions) {
  const schemas = options.schemas ?? loadSchemas();
  const schemaOfTopic = new Map(TOPIC_DEFINITIONS.filter((d) => d.name.startsWith('canonical.')).map((d) => [d.name, schemas.get(d.event)!]));
  return (input: InputRecord) => {
    const entity = input.topic.slice('canonical.'.length);
    const value = input.value as CanonicalValue & Record<string, unknown>;
    const rules = options.rules.get(value.envelope.tenant_id, entity);
    const schema = schemaOfTopic.get(input.topic);
    return rules && schema ? { entity, value, rules, schema } : null;
  };
}

/** Keys and references the record's duplicate and reference checks will ask about, and its own identity. */
function lookupRequest(checks: CompiledChecks, clear: unknown, value: CanonicalValue, entity: string): KeyLookupRequest {
  const duplicateKeys: string[] = [];
  const references: { entity: string; id: string }[] = [];
  for (const check of checks.checks) {
    const spec = check.spec;
    if (spec.type === 'duplicate') {
      const values = spec.fields.map((f) => getField(clear, f));
      if (!values.some(isMissing)) duplicateKeys.push(duplicateKey(entity, values));
    } else if (spec.type === 'reference') {
      const v = getField(clear, spec.field);
      if (!isMissing(v)) references.push({ entity: spec.entity, id: String(v) });
    }
  }
  return {
    tenantId: value.envelope.tenant_id,
    entity,
    eventId: value.envelope.event_id,
    eventTime: value.envelope.event_time,
    duplicateKeys,
    references,
    own: { entity: value.source_record.entity, id: value.source_record.record_id },
  };
}

function recordIdOf(key: string | null, tenantId: string): string | null {
  return key?.startsWith(`${tenantId}/`) ? key.slice(tenantId.length + 1) : null;
}
