import { lineageKeysOfEvent } from '../graph/lineageGraph.js';
import type { KpiFactInput, QualityIssueInput, QualityResultInput } from '../contracts.js';
import {
  ISSUE_DIMENSIONS, RECORD_DIMENSIONS, dimensionKey, toMicro, windowKey, windowStart,
  type WindowAggregate, type WindowState,
} from './windowState.js';

/** Region/segment of a result's record, which QualityCheckEvaluated does not carry; the app joins them in when it can. */
export interface RecordPlacement { region?: string | null; segment?: string | null }

export type RcaEvent =
  | { kind: 'issue'; issue: QualityIssueInput }
  | { kind: 'result'; result: QualityResultInput; placement?: RecordPlacement }
  | { kind: 'kpi'; fact: KpiFactInput };

export function foldIssue(state: WindowState, issue: QualityIssueInput): WindowState {
  return foldEvents(state, [{ kind: 'issue', issue }]);
}

export function foldResult(state: WindowState, result: QualityResultInput, placement?: RecordPlacement): WindowState {
  return foldEvents(state, [{ kind: 'result', result, ...(placement ? { placement } : {}) }]);
}

export function foldKpi(state: WindowState, fact: KpiFactInput): WindowState {
  return foldEvents(state, [{ kind: 'kpi', fact }]);
}

/**
 * Folds a batch into the state and returns a new state (the input is not modified). Every update is a
 * commutative count, min/max or integer sum, so any arrival order within a window gives the same state.
 * Each touched window is copied once per batch, so a consumer batch costs O(batch + touched window size).
 */
export function foldEvents(state: WindowState, events: readonly RcaEvent[]): WindowState {
  const open = { ...state.open };
  const copied = new Set<string>();
  let lateEvents = state.lateEvents;
  const windowFor = (tenantId: string, sizeMs: number, eventTime: number): WindowAggregate | undefined => {
    const start = windowStart(eventTime, sizeMs);
    const end = start + sizeMs;
    // A window is closed once watermark >= end + lateness; its events can no longer change the emitted finding.
    if (state.watermark !== null && end + state.config.allowedLatenessMs <= state.watermark) return undefined;
    const key = windowKey(tenantId, sizeMs, start);
    const existing = open[key];
    if (copied.has(key) && existing) return existing;
    const fresh: WindowAggregate = existing
      ? { ...existing, issues: { ...existing.issues }, records: { ...existing.records }, kpis: { ...existing.kpis }, lineage: { ...existing.lineage } }
      : { tenantId, sizeMs, start, end, issues: {}, records: {}, kpis: {}, lineage: {} };
    open[key] = fresh;
    copied.add(key);
    return fresh;
  };
  for (const event of events) {
    const { tenantId, eventTime } = eventCoordinates(event);
    let landed = false;
    for (const sizeMs of state.config.sizesMs) {
      const w = windowFor(tenantId, sizeMs, eventTime);
      if (!w) continue;
      landed = true;
      apply(w, event, eventTime);
    }
    if (!landed) lateEvents += 1;
  }
  return { ...state, open, lateEvents };
}

function eventCoordinates(event: RcaEvent): { tenantId: string; eventTime: number } {
  switch (event.kind) {
    case 'issue': return { tenantId: event.issue.envelope.tenant_id, eventTime: event.issue.envelope.event_time };
    case 'result': return { tenantId: event.result.envelope.tenant_id, eventTime: event.result.envelope.event_time };
    case 'kpi': return { tenantId: event.fact.envelope.tenant_id, eventTime: event.fact.occurred_at };
    default: return assertNever(event);
  }
}

function apply(w: WindowAggregate, event: RcaEvent, eventTime: number): void {
  const lineage = (w.lineage ??= {});
  for (const k of lineageKeysOfEvent(event)) lineage[k] = (lineage[k] ?? 0) + 1;
  switch (event.kind) {
    case 'issue': {
      const key = dimensionKey(ISSUE_DIMENSIONS, event.issue.dimensions);
      const c = w.issues[key];
      const fail = event.issue.severity === 'FAIL' ? 1 : 0;
      w.issues[key] = c
        ? { count: c.count + 1, failCount: c.failCount + fail, firstAt: Math.min(c.firstAt, eventTime), lastAt: Math.max(c.lastAt, eventTime) }
        : { count: 1, failCount: fail, firstAt: eventTime, lastAt: eventTime };
      return;
    }
    case 'result': {
      const { result, placement } = event;
      const key = dimensionKey(RECORD_DIMENSIONS, {
        source_system: result.record.source_system, entity: result.entity ?? result.record.entity,
        region: placement?.region ?? null, segment: placement?.segment ?? null,
      });
      const c = w.records[key];
      const score = toMicro(result.score);
      w.records[key] = {
        records: (c?.records ?? 0) + 1,
        failed: (c?.failed ?? 0) + (result.passed ? 0 : 1),
        scoreMicro: (BigInt(c?.scoreMicro ?? '0') + score).toString(),
      };
      return;
    }
    case 'kpi': {
      const f = event.fact;
      const key = JSON.stringify([f.kpi, f.dimensions.source_system, f.dimensions.region ?? null, f.dimensions.segment ?? null]);
      const c = w.kpis[key];
      w.kpis[key] = { count: (c?.count ?? 0) + 1, sumMicro: (BigInt(c?.sumMicro ?? '0') + toMicro(f.value)).toString(), unit: f.unit };
      return;
    }
    default: assertNever(event);
  }
}

function assertNever(x: never): never {
  throw new TypeError(`unhandled RCA event ${JSON.stringify(x)}`);
}
