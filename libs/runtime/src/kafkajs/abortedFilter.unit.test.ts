import { describe, expect, it } from 'vitest';
import { assertKafkajsSkipsAbortedRecords, kafkajsAbortedFilter, offsetsPassedInRun12Case, UnpatchedKafkajsError } from './abortedFilter.js';

describe("kafkajs's aborted-transaction filter (read_committed)", () => {
  it("skips run 12's aborted records although the broker lists that transaction after one that starts later", () => {
    expect(offsetsPassedInRun12Case()).toEqual(['446', '447', '991']);
    expect(() => assertKafkajsSkipsAbortedRecords()).not.toThrow();
  });

  it('skips two aborted transactions that both start before the first record of the fetch', () => {
    const record = (offset: number, producerId: string) => ({ offset: String(offset), key: null, batchContext: { producerId, inTransaction: true } });
    const passed = kafkajsAbortedFilter()({
      messages: [record(10, '2'), record(11, '1'), record(12, '3')], // kafkajs 2.2.4 entered only producer 1's at offset 10
      abortedTransactions: [{ producerId: '1', firstOffset: '5' }, { producerId: '2', firstOffset: '7' }],
    }).map((m) => m.offset);
    expect(passed).toEqual(['12']);
  });

  it("names the patch when a filter lets aborted records through (kafkajs 2.2.4's own logic)", () => {
    // kafkajs 2.2.4 as published: the list taken in the broker's order, one transaction entered per record.
    const unpatched: Parameters<typeof offsetsPassedInRun12Case>[0] = ({ messages, abortedTransactions }) => {
      const current = new Set<string>();
      const remaining = [...abortedTransactions];
      return messages.filter((m) => {
        if (remaining.length && BigInt(m.offset) >= BigInt(remaining[0]!.firstOffset)) current.add(remaining.shift()!.producerId);
        if (m.isControlRecord) current.delete(m.batchContext.producerId);
        else if (current.has(m.batchContext.producerId) && m.batchContext.inTransaction) return false;
        return true;
      });
    };
    const passed = offsetsPassedInRun12Case(unpatched);
    expect(passed).toEqual(['432', '433', '434', '446', '447', '991']);
    expect(new UnpatchedKafkajsError(passed).message).toMatch(/patches\/kafkajs\+2\.2\.4\.patch.*npm ci/);
  });
});
