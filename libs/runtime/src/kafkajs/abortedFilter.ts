import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 hands a read_committed consumer records of aborted transactions when a fetch answer lists
 * them out of first-offset order: the broker lists them in the order they were aborted (the Java consumer
 * sorts them), and kafkajs only enters the head of the list. The 100,000-record fault run (run 12) met it:
 * a transaction aborted by the cluster restart had written canonical.party/4 offsets 432..445, the broker's
 * list was [producer 2062 from 481, producer 1058 from 432], and every kafkajs consumer (quality, the
 * projector, the suite's collector) read the 14 aborted records while Kafka's own consumer skips them.
 * `patches/kafkajs+2.2.4.patch` (applied by patch-package on `npm ci`) sorts the list and enters every
 * transaction that starts at or before a record. This checks that the installed kafkajs has it.
 */
type Filter = (args: { messages: FilterMessage[]; abortedTransactions: { producerId: string; firstOffset: string }[] }) => FilterMessage[];
interface FilterMessage { offset: string; key: Buffer | null; isControlRecord?: boolean; batchContext: { producerId: string; inTransaction: boolean } }

const require = createRequire(import.meta.url);

/** kafkajs's own filter, as its consumer uses it (kafkajs has no export for it). */
export function kafkajsAbortedFilter(): Filter {
  return require('kafkajs/src/consumer/filterAbortedMessages.js') as Filter;
}

/** Offsets the installed kafkajs hands over from run 12's fetch of canonical.party/4 (the aborted ones must not be among them). */
export function offsetsPassedInRun12Case(filter: Filter = kafkajsAbortedFilter()): string[] {
  const record = (offset: number, producerId: string) => ({ offset: String(offset), key: null, batchContext: { producerId, inTransaction: true } });
  const abortMarker = (offset: number, producerId: string) => ({ offset: String(offset), key: Buffer.from([0, 0, 0, 0]), isControlRecord: true, batchContext: { producerId, inTransaction: true } });
  const messages = [
    ...[432, 433, 434].map((o) => record(o, '1058')), // the aborted transaction's records
    ...[446, 447].map((o) => record(o, '2032')), // another producer's committed records
    ...[481, 482].map((o) => record(o, '2062')), // a transaction aborted earlier than 1058's
    abortMarker(604, '2062'),
    abortMarker(990, '1058'),
    record(991, '1058'), // the redelivered chunk, committed
  ];
  return filter({ messages, abortedTransactions: [{ producerId: '2062', firstOffset: '481' }, { producerId: '1058', firstOffset: '432' }] })
    .filter((m) => !m.isControlRecord)
    .map((m) => m.offset);
}

export class UnpatchedKafkajsError extends Error {
  constructor(passed: string[]) {
    super(`the installed kafkajs hands read_committed consumers records of aborted transactions (offsets ${passed.join(', ')} passed its filter; expected 446, 447, 991): `
      + 'its patch (patches/kafkajs+2.2.4.patch) is not applied; run `npm ci` (its postinstall runs patch-package) or `npx patch-package`');
    this.name = 'UnpatchedKafkajsError';
  }
}

let checked = false;
/** Throws `UnpatchedKafkajsError` unless kafkajs skips aborted records correctly; checks once per process. */
export function assertKafkajsSkipsAbortedRecords(): void {
  if (checked) return;
  const passed = offsetsPassedInRun12Case();
  if (passed.join(',') !== '446,447,991') throw new UnpatchedKafkajsError(passed);
  checked = true;
}
