/** A message the runtime will produce: value is a plain object encoded with the topic's value subject. */
export interface OutputRecord {
  topic: string;
  key: string | null;
  value: unknown;
  /** Registry subject of the value; defaults to `<topic>-value` (topic-name strategy). */
  subject?: string;
  headers?: Record<string, string>;
}

/** What a handler decided for one input record (emmett's `decide`): no I/O happened to reach it. */
export type Decision =
  | { kind: 'emit'; records: OutputRecord[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'poison'; reason: string };

export const emit = (...records: OutputRecord[]): Decision => ({ kind: 'emit', records });
export const skip = (reason: string): Decision => ({ kind: 'skip', reason });
export const poison = (reason: string): Decision => ({ kind: 'poison', reason });

export function assertNever(value: never): never {
  throw new TypeError(`unexpected value ${JSON.stringify(value)}`);
}
