/**
 * Errors of replay and backfill. `retriable` says whether running the same command again may succeed
 * (broker or database down) or the input/state must change first (live group members, bad offsets).
 */
export class ReplayError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable;
  }
}

/** The operator's input cannot be used (unparseable offsets, unknown partition, empty range). */
export class InvalidReplayInputError extends ReplayError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

/** A consumer group still has members: its committed offsets cannot (and must not) be moved under them. */
export class GroupActiveError extends ReplayError {
  constructor(
    readonly groupId: string,
    readonly state: string,
    readonly members: readonly { clientId: string; clientHost: string; memberId: string }[],
  ) {
    const who = members.map((m) => `${m.clientId}@${m.clientHost.replace(/^\//, '')}`).join(', ');
    super(
      `consumer group ${groupId} is ${state} with ${members.length} live member(s)${who ? ` (${who})` : ''}: stop the app first, then reset`,
      { retriable: false },
    );
  }
}

/** A replay job is unknown, or not in a state that allows what was asked. */
export class ReplayJobError extends ReplayError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

/** The swap could not take its locks, or the shadow did not reach the live checkpoints in time; try again. */
export class SwapNotReadyError extends ReplayError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}
