import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidReplayInputError } from './errors.js';

/** A copy job's definition and where each source partition has got to. */
export interface CopyState {
  jobId: string;
  from: string;
  to: string;
  fromTime?: number;
  toTime?: number;
  /** same-partition: record of source partition p goes to target partition p; key-hash: the default partitioner (murmur2 of the key). */
  routing: 'same-partition' | 'key-hash';
  /** Per source partition: [start, end) offsets fixed when the job was created, next offset to copy, records copied. */
  partitions: Record<string, { start: string; end: string; next: string; copied: number }>;
  status: 'running' | 'done';
  createdAt: string;
  updatedAt: string;
}

export interface CopyStateStore {
  load(jobId: string): Promise<CopyState | undefined>;
  save(state: CopyState): Promise<void>;
}

/**
 * Copy state as one JSON file per job (`<dir>/<jobId>.json`), replaced atomically (write + rename) so an
 * interruption never leaves half a file. It mirrors progress for the operator; the offsets the copy
 * resumes from are the ones committed in its Kafka transactions.
 */
export function createFileCopyStateStore(dir: string): CopyStateStore {
  const file = (jobId: string) => {
    if (!/^[\w.-]+$/.test(jobId)) throw new InvalidReplayInputError(`job id "${jobId}" may hold only letters, digits, ".", "_" and "-"`);
    return join(dir, `${jobId}.json`);
  };
  return {
    async load(jobId) {
      try {
        return JSON.parse(await readFile(file(jobId), 'utf8')) as CopyState;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(state) {
      await mkdir(dir, { recursive: true });
      const target = file(state.jobId);
      await writeFile(`${target}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
      await rename(`${target}.tmp`, target);
    },
  };
}

/** In memory, for tests and for callers that keep no state. */
export function createMemoryCopyStateStore(): CopyStateStore & { states: Map<string, CopyState> } {
  const states = new Map<string, CopyState>();
  return {
    states,
    load: async (jobId) => (states.has(jobId) ? structuredClone(states.get(jobId)!) : undefined),
    save: async (state) => void states.set(state.jobId, structuredClone(state)),
  };
}
