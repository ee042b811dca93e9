import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatFromFileName, knownSources, resolveRawTopic, streamRows, TooManyRejectionsError,
  type InputRow, type RawTopic, type StreamOptions, type StreamSummary,
} from '@rivulet/ingest';
import type { Logger } from '@rivulet/runtime';
import { fileOutcome } from './fileOutcome.js';

export const DROP_STAGES = ['incoming', 'processing', 'done', 'failed'] as const;

export interface DropFolderOptions {
  root: string;
  /** Whoever can write into the root acts for this tenant: the file system permission is the credential. */
  tenantId: string;
  ingest: (topic: RawTopic, tenantId: string, rows: AsyncIterable<InputRow>, options: StreamOptions) => Promise<StreamSummary>;
  logger: Logger;
  onFile?: (topic: RawTopic, summary: StreamSummary) => void;
  pollMs?: number;
  /** An incoming file younger than this may still be written by a naive copier; it waits. Default 1000. */
  settleMs?: number;
  /** A file in processing/ untouched this long was abandoned by a crashed instance and is retried. Default 60000. */
  staleMs?: number;
  maxErrors?: number;
  now?: () => number;
}

/**
 * Drop folders for users without NiFi: `<root>/<source>.<entity>/incoming/*.csv|*.ndjson`.
 * - Claim: a file is renamed from incoming/ to processing/ before it is read. rename(2) is atomic within a
 *   file system, so with several gateway instances on one share exactly one wins (the others get ENOENT).
 * - Outcome: done/ (with `<file>.report.json` when some records were rejected), or failed/ with
 *   `<file>.reason.json` when nothing could be accepted (unreadable, malformed, every record invalid, too many
 *   rejections). A broker or registry outage is not the file's fault: it stays in processing/ and is retried.
 * - Restart-safe: the claimed file's mtime is refreshed after every acknowledged batch (a heartbeat); one
 *   whose heartbeat is older than `staleMs` is retried. A retry re-sends batches that were already
 *   acknowledged, with the same event ids, so downstream deduplicates them (at-least-once on the topic,
 *   effectively once in the read models).
 * Writers should write elsewhere (or to a dotfile) and rename into incoming/; dotfiles, `.tmp` and `.part`
 * files are ignored.
 */
export function createDropFolder(options: DropFolderOptions) {
  const { root, tenantId, logger, pollMs = 1_000, settleMs = 1_000, staleMs = 60_000, now = Date.now } = options;
  const active = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;
  let stopped = false;

  const dirs = knownSources().map((name) => ({ name, topic: resolveRawTopic(...(name.split('.') as [string, string])) }));

  async function ensureLayout(): Promise<void> {
    for (const { name } of dirs) for (const stage of DROP_STAGES) await mkdir(join(root, name, stage), { recursive: true });
  }

  async function scanOnce(): Promise<void> {
    for (const { name, topic } of dirs) {
      if (stopped) return;
      const base = join(root, name);
      for (const file of await candidates(join(base, 'processing'), staleMs)) await processFile(base, topic, file, false);
      for (const file of await candidates(join(base, 'incoming'), settleMs)) await processFile(base, topic, file, true);
    }
  }

  async function candidates(dir: string, minAgeMs: number): Promise<string[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const eligible: string[] = [];
    for (const name of names.sort()) {
      if (name.startsWith('.') || /\.(tmp|part)$/i.test(name) || active.has(join(dir, name))) continue;
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info?.isFile() && now() - info.mtimeMs >= minAgeMs) eligible.push(name);
    }
    return eligible;
  }

  async function processFile(base: string, topic: RawTopic, name: string, claim: boolean): Promise<void> {
    const processing = join(base, 'processing', name);
    if (claim) {
      try {
        await rename(join(base, 'incoming', name), processing);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another instance claimed it
        throw error;
      }
    }
    active.add(processing);
    try {
      await touch(processing);
      let summary: StreamSummary | undefined;
      let failure: unknown;
      try {
        const format = formatFromFileName(name);
        summary = await options.ingest(topic, tenantId, streamRows(format, createReadStream(processing)), {
          ...(options.maxErrors !== undefined ? { maxErrors: options.maxErrors } : {}),
          keepRejections: 100,
          onProgress: () => void touch(processing),
        });
      } catch (error) {
        failure = error;
        if (error instanceof TooManyRejectionsError) summary = error.summary;
      }
      const outcome = fileOutcome(summary, failure);
      if (outcome.stage === 'retry') {
        logger.warn({ file: processing, err: failure }, 'drop file left in processing/ for a retry: a dependency is down');
        return;
      }
      const target = join(base, outcome.stage, name);
      if (outcome.report) await writeFile(`${target}.${outcome.stage === 'failed' ? 'reason' : 'report'}.json`, `${JSON.stringify(outcome.report, null, 2)}\n`);
      await rename(processing, target);
      if (summary) options.onFile?.(topic, summary);
      logger.info({ file: name, topic: topic.topic, stage: outcome.stage, accepted: summary?.accepted ?? 0, rejected: summary?.rejected ?? 0 }, 'drop file ingested');
    } finally {
      active.delete(processing);
    }
  }

  async function touch(path: string): Promise<void> {
    const at = new Date(now());
    await utimes(path, at, at).catch(() => undefined);
  }

  const loop = (): void => {
    if (stopped) return;
    scanning = scanOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'drop folder scan failed'))
      .finally(() => {
        scanning = undefined;
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  };

  return {
    ensureLayout,
    scanOnce,
    async start(): Promise<void> {
      await ensureLayout();
      loop();
    },
    /** Stops polling and waits for the file being ingested to reach its outcome. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await scanning;
    },
  };
}

export type DropFolder = ReturnType<typeof createDropFolder>;
