/** One size of bench/match's scaling run in its own process (so a size that runs too long can be stopped). */
import { comparisonsPerRecord, syntheticPersons } from '../match/scaling.js';

const n = Number(process.argv[2]);
const s = comparisonsPerRecord(syntheticPersons(n));
process.stdout.write(`${JSON.stringify({ records: n, comparisons: s.comparisons, perRecord: s.perRecord, ms: s.ms })}\n`);
