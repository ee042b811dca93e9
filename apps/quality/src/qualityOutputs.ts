import type { OutputRecord } from '@rivulet/runtime';
import type { QualityCheckEvaluatedPayload, QualityIssueDetectedPayload } from '@rivulet/quality';
import { derivedEventId } from '@rivulet/transform';

export const QUALITY_SCHEMA_VERSION = 1;

/** What the derived events inherit from the canonical event they judge. */
export interface InputCoordinates {
  eventId: string;
  tenantId: string;
  eventTime: number;
  ingestTime: number;
  piiSubjectId: string | null;
  topic: string;
  partition: number;
  offset: string;
  traceId: string | null;
  /** Version of the checks that judged the record (lineage.mapping_version), e.g. `checks/invoice@1a2b3c4d`. */
  rulesVersion: string | null;
  key: string;
}

function envelope(input: InputCoordinates, eventId: string, piiSubjectId: string | null) {
  return {
    event_id: eventId,
    tenant_id: input.tenantId,
    source_system: 'quality',
    // Event and ingest time are the input's: the verdict is about that record, and a replay stamps the same.
    event_time: input.eventTime,
    ingest_time: input.ingestTime,
    schema_version: QUALITY_SCHEMA_VERSION,
    lineage: { origin_topic: input.topic, origin_partition: input.partition, origin_offset: Number(input.offset), mapping_version: input.rulesVersion },
    pii_subject_id: piiSubjectId,
    trace_id: input.traceId,
  };
}

/**
 * The quality.results event and one quality.issues event per failed check, with ids derived from the input
 * event id, the rules version (and the check name): reprocessing the same input with the same rules yields
 * the same events, so read models change nothing; with other rules (a changed checks file or tenant
 * thresholds) the ids are new, and the read model's verdict of the record is replaced instead of kept.
 * An issue names the data subject only when it carries ciphertext.
 */
export function qualityOutputs(input: InputCoordinates, evaluated: QualityCheckEvaluatedPayload, issues: readonly QualityIssueDetectedPayload[]): OutputRecord[] {
  const version = input.rulesVersion === null ? [] : [input.rulesVersion];
  const out: OutputRecord[] = [
    { topic: 'quality.results', key: input.key, value: { envelope: envelope(input, derivedEventId(input.eventId, 'QualityCheckEvaluated', ...version), null), ...evaluated } },
  ];
  for (const issue of issues) {
    const subject = issue.observed_value?.startsWith('pii:') ? input.piiSubjectId : null;
    out.push({ topic: 'quality.issues', key: input.key, value: { envelope: envelope(input, derivedEventId(input.eventId, 'QualityIssueDetected', issue.check, ...version), subject), ...issue } });
  }
  return out;
}

/** The trace id of a W3C traceparent header (`00-<trace id>-<span id>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const id = traceparent?.split('-')[1];
  return id && /^[0-9a-f]{32}$/.test(id) ? id : null;
}
