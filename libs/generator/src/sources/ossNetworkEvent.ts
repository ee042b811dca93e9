import type { BuiltRecord, GenerationContext } from '../generationContext.js';
import { HOUR_MS, iso } from '../generationContext.js';
import { createWeightedPicker } from '../prng.js';
import { REGIONS } from '../topics.js';
import { cellId, CELLS_PER_REGION } from './cdrCall.js';

const pickElementType = createWeightedPicker([['CELL', 50], ['ROUTER', 15], ['SWITCH', 10], ['LINK', 15], ['OLT', 10]] as const);
const pickSeverity = createWeightedPicker([['CRITICAL', 3], ['MAJOR', 10], ['MINOR', 25], ['WARNING', 32], ['INFO', 30]] as const);
const EVENT_TYPES = ['LINK_DOWN', 'HIGH_CPU', 'POWER_FAILURE', 'PACKET_LOSS', 'LATENCY_HIGH', 'CONFIG_CHANGE', 'HEARTBEAT_MISSED', 'TEMPERATURE_HIGH'];
// Free text as NMS tools write it: commas, quotes and line breaks are normal here (and exercise CSV quoting).
const DETAILS = [
  'auto-recovery pending',
  'threshold "critical" crossed, paging on-call',
  'see runbook RB-12; vendor case opened',
  'first seen by poller\nsecond poller agrees',
  'cleared by operator, "no fault found"',
];

/** An alarm on a network element; cells share ids with the CDR's cell_id so RCA can join them. */
export function buildNetworkEvent(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const region = rng.pick(REGIONS);
  const elementType = pickElementType(rng);
  const elementId =
    elementType === 'CELL' ? cellId(region, rng.int(1, CELLS_PER_REGION)) : `${elementType}-${region.slice(0, 2)}-${String(rng.int(1, 12)).padStart(2, '0')}`;
  const eventType = rng.pick(EVENT_TYPES);
  const occurredMs = ctx.nowMs;
  const eventId = ctx.nextId('raw.oss.network_event', 'NE');
  return {
    key: eventId,
    region,
    eventMs: occurredMs,
    record: {
      event_id: eventId,
      element_id: elementId,
      element_type: elementType,
      region,
      severity: pickSeverity(rng),
      event_type: eventType,
      occurred_at: ctx.nowIso(),
      cleared_at: rng.chance(0.7) ? iso(ctx.clamp(occurredMs + rng.int(60_000, 6 * HOUR_MS))) : null,
      description: `${eventType} on ${elementId}: ${rng.pick(DETAILS)}`,
    },
    truth: { variations: [], defects: [], incident: false, inIncidentScope: false },
  };
}
