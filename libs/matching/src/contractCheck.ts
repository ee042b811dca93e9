import type * as generated from '@rivulet/contracts';
import type { GoldenEntityUpdated, MatchDecisionMade } from './events.js';

/**
 * Compile-time drift check: the events this library builds must stay assignable to the types generated from
 * schemas/avro, or `npm run typecheck` / `npm run build` fails here. Nothing calls these at run time.
 */
export const matchingEventsAreContractTypes = {
  decision: (event: MatchDecisionMade): generated.MatchDecisionMade => event,
  golden: (event: GoldenEntityUpdated): generated.GoldenEntityUpdated => event,
};
