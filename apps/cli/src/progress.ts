import cliProgress from 'cli-progress';

export interface Progress {
  update(state: { accepted: number; rejected: number; bytes?: number }): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal (records, rate, rejected; a bar by bytes when the input
 * size is known), nothing otherwise, so piping stdout or stderr to a file stays clean.
 */
export function createProgress(options: { stream: NodeJS.WriteStream; totalBytes?: number; now?: () => number }): Progress {
  if (!options.stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const now = options.now ?? Date.now;
  const started = now();
  const sized = options.totalBytes !== undefined && options.totalBytes > 0;
  const bar = new cliProgress.SingleBar({
    stream: options.stream,
    format: `${sized ? '{bar} {percentage}% | ' : ''}{records} records | {rate} rec/s | {rejected} rejected | {elapsed}s`,
    hideCursor: true,
    fps: 5,
  }, cliProgress.Presets.shades_classic);
  bar.start(sized ? options.totalBytes! : 1, 0, { records: 0, rate: 0, rejected: 0, elapsed: 0 });
  return {
    update({ accepted, rejected, bytes }) {
      const seconds = Math.max((now() - started) / 1000, 0.001);
      const records = accepted + rejected;
      bar.update(sized ? (bytes ?? 0) : 0, { records, rejected, rate: Math.round(records / seconds), elapsed: seconds.toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
