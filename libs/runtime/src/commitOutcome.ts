/** What a processor knows about a chunk's transaction after its commit reported an error. */
export type CommitOutcome = 'committed' | 'not-committed' | 'unknown';

export interface CommitOutcomeDeps {
  /** Waits until the partition's transactional id has no transaction in flight (a fresh InitProducerId). */
  settle(): Promise<void>;
  /** Forgets the partition's producer: the next batch of the partition settles and reads the committed offset first. */
  drop(): Promise<void>;
  /** The group's committed offset for the input partition. */
  committedOffset(): Promise<bigint>;
}

/**
 * A commit can fail on the client after the broker committed (a timed-out EndTxn), so processing the chunk
 * again could publish it twice. The offsets commit in the same transaction as the outputs, so the group's
 * committed offset tells: at or past `nextOffset`, the transaction committed. Read it only after settling the
 * transactional id: until the coordinator has completed the transaction the old offset is still served.
 *
 * Whenever the answer may be wrong, the producer is dropped, so that the chunk's redelivery begins by
 * settling and reading the committed offset again (and skips the chunk if it did commit): when settling
 * failed (the read may predate the transaction's completion) and when the offset could not be read at all
 * (the cluster unreachable: `unknown`, never taken for "not committed").
 */
export async function outcomeOfFailedCommit(deps: CommitOutcomeDeps, nextOffset: string): Promise<CommitOutcome> {
  let settled = true;
  await deps.settle().catch(async () => {
    settled = false;
    await deps.drop();
  });
  let committed: bigint;
  try {
    committed = await deps.committedOffset();
  } catch {
    if (settled) await deps.drop();
    return 'unknown';
  }
  return committed >= BigInt(nextOffset) ? 'committed' : 'not-committed';
}
