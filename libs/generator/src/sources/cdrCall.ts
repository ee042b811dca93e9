import type { BuiltRecord, GenerationContext } from '../generationContext.js';
import { iso } from '../generationContext.js';
import { randomSwitchNumber, switchNumber } from '../phone.js';
import { createWeightedPicker, type Rng } from '../prng.js';
import { REGIONS, type Region } from '../topics.js';

const pickType = createWeightedPicker([['VOICE', 60], ['SMS', 25], ['DATA', 15]] as const);
/** Baseline: 2% dropped. The kpi_shift incident raises it inside its window and region. */
const pickTermination = createWeightedPicker([['NORMAL', 93], ['DROPPED', 2], ['FAILED', 3], ['BUSY', 2]] as const);
export const CELLS_PER_REGION = 20;

export function cellId(region: Region, n: number): string {
  return `CELL-${region.slice(0, 2)}-${String(n).padStart(3, '0')}`;
}

function voiceSeconds(rng: Rng): number {
  // Most calls are short, a few run long; skewed by squaring a uniform, capped at an hour.
  const u = rng.next();
  return Math.max(1, Math.round(u * u * (rng.chance(0.05) ? 3_600 : 900)));
}

/** A call by a CRM customer (subscriber_id = customer_id, calling number = their phone in E.164 digits). */
export function buildCall(ctx: GenerationContext): BuiltRecord {
  const { rng } = ctx;
  const subscriber = ctx.customers.pick(rng);
  // Mostly at home; sometimes roaming into another region's cells.
  const region = rng.chance(0.85) ? subscriber.region : rng.pick(REGIONS);
  const callType = pickType(rng);
  let termination: string = pickTermination(rng);
  if (callType === 'SMS' && termination === 'DROPPED') termination = 'NORMAL';
  const connected = termination === 'NORMAL' || termination === 'DROPPED';
  const full = callType === 'SMS' ? 0 : callType === 'DATA' ? rng.int(30, 7_200) : voiceSeconds(rng);
  const duration = !connected ? 0 : termination === 'DROPPED' ? Math.max(1, Math.floor(full * rng.next())) : full;
  const callId = ctx.nextId('raw.cdr.call', 'CALL');
  return {
    key: callId,
    region,
    eventMs: ctx.nowMs,
    record: {
      call_id: callId,
      subscriber_id: subscriber.customerId,
      calling_number: switchNumber(subscriber.person.phoneNsn),
      called_number: randomSwitchNumber(rng),
      start_time: ctx.nowIso(),
      duration_seconds: duration,
      call_type: callType,
      termination,
      cell_id: cellId(region, rng.int(1, CELLS_PER_REGION)),
      region,
      bytes_used: callType === 'DATA' ? (connected ? rng.int(100_000, 2_000_000_000) : 0) : null,
    },
    truth: { variations: [], defects: [], incident: false, inIncidentScope: false },
  };
}
