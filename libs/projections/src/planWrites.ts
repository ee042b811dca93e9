import type { AlertRaised, EventName, GoldenEntityUpdated, KpiFactRecorded, MatchDecisionMade, QualityCheckEvaluated, QualityIssueDetected, RcaFindingRecorded } from '@rivulet/contracts';
import { assertNever, type ProjectedEvent } from '@rivulet/runtime';
import { UnknownTopicError } from './errors.js';
import { alertRow, type AlertRow } from './rows/alertRow.js';
import { canonicalRecordRow, isCanonicalEventName, transformationRow, type CanonicalEvent, type CanonicalRecordRow, type TransformationRow } from './rows/canonicalRows.js';
import { dataSourceContribution, isRawEventName, type DataSourceContribution } from './rows/dataSourceRow.js';
import { entityChange, type EntityChange } from './rows/entityChange.js';
import { kpiContributions, type KpiContribution } from './rows/kpiContributions.js';
import { qualityCheckRow, qualityIssueRow, type QualityCheckRow, type QualityIssueRow } from './rows/qualityRows.js';
import { rcaAnalysisRow, type RcaAnalysisRow } from './rows/rcaAnalysisRow.js';
import { reconciliationRow, type ReconciliationRow } from './rows/reconciliationRow.js';

/** Every row a batch of events writes, by table; built purely, then written by `applyWrites`. */
export interface PlannedWrites {
  dataSources: DataSourceContribution[];
  canonicalRecords: CanonicalRecordRow[];
  transformations: TransformationRow[];
  qualityChecks: QualityCheckRow[];
  qualityIssues: QualityIssueRow[];
  reconciliations: ReconciliationRow[];
  entityChanges: EntityChange[];
  kpiContributions: KpiContribution[];
  rcaAnalyses: RcaAnalysisRow[];
  alerts: AlertRow[];
}

export function emptyWrites(): PlannedWrites {
  return {
    dataSources: [], canonicalRecords: [], transformations: [], qualityChecks: [], qualityIssues: [],
    reconciliations: [], entityChanges: [], kpiContributions: [], rcaAnalyses: [], alerts: [],
  };
}

type DerivedEventName = Exclude<EventName, `${string}RecordReceived` | `Canonical${string}`>;

/** Adds one event's rows to `writes` (mutates the accumulator: the batch's plan is built in one pass). */
function addEvent(writes: PlannedWrites, name: EventName, event: ProjectedEvent): void {
  if (event.value === null && name !== 'GoldenEntityUpdated') return; // only the compacted topic deletes
  if (isRawEventName(name)) {
    writes.dataSources.push(dataSourceContribution(name, event as ProjectedEvent<never>));
    return;
  }
  if (isCanonicalEventName(name)) {
    const e = event as ProjectedEvent<CanonicalEvent>;
    writes.canonicalRecords.push(canonicalRecordRow(name, e));
    writes.transformations.push(transformationRow(name, e));
    return;
  }
  const derived: DerivedEventName = name;
  switch (derived) {
    case 'KpiFactRecorded':
      writes.kpiContributions.push(...kpiContributions(event as ProjectedEvent<KpiFactRecorded>));
      return;
    case 'QualityCheckEvaluated':
      writes.qualityChecks.push(qualityCheckRow(event as ProjectedEvent<QualityCheckEvaluated>));
      return;
    case 'QualityIssueDetected':
      writes.qualityIssues.push(qualityIssueRow(event as ProjectedEvent<QualityIssueDetected>));
      return;
    case 'MatchDecisionMade':
      writes.reconciliations.push(reconciliationRow(event as ProjectedEvent<MatchDecisionMade>));
      return;
    case 'GoldenEntityUpdated':
      writes.entityChanges.push(entityChange(event as ProjectedEvent<GoldenEntityUpdated | null>));
      return;
    case 'RcaFindingRecorded':
      writes.rcaAnalyses.push(rcaAnalysisRow(event as ProjectedEvent<RcaFindingRecorded>));
      return;
    case 'AlertRaised':
      writes.alerts.push(alertRow(event as ProjectedEvent<AlertRaised>));
      return;
    default:
      assertNever(derived);
  }
}

/**
 * The rows of a batch, in event order. `topicEvents` says which event each topic carries (the catalogue,
 * or test topics); a topic it does not know is a wiring bug.
 */
export function planWrites(events: readonly ProjectedEvent[], topicEvents: ReadonlyMap<string, EventName>): PlannedWrites {
  const writes = emptyWrites();
  for (const event of events) {
    const name = topicEvents.get(event.topic);
    if (!name) throw new UnknownTopicError(event.topic);
    addEvent(writes, name, event);
  }
  return writes;
}
