import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A file written line by line with backpressure: lines are batched into ~64 KiB chunks (one stream.write per
 * chunk, not per line, which is what keeps a million records fast), and `write` reports when the stream's
 * buffer is full so the producer can await `drain()` before generating more.
 */
export class LineSink {
  private readonly stream: WriteStream;
  private buffer = '';
  private full = false;

  /**
   * The stream's highWaterMark is several chunks deep: with Node's 16 KiB default every 64 KiB chunk would
   * report "full" and the generator would idle on each fs write instead of overlapping with it.
   */
  constructor(path: string, private readonly chunkSize = 64 * 1024, highWaterMark = 1024 * 1024) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark });
  }

  /** Returns false when the caller should `await drain()` before writing more. */
  write(text: string): boolean {
    this.buffer += text;
    if (this.buffer.length >= this.chunkSize) this.flush();
    return !this.full;
  }

  private flush(): void {
    if (this.buffer === '') return;
    if (!this.stream.write(this.buffer)) this.full = true;
    this.buffer = '';
  }

  async drain(): Promise<void> {
    if (!this.full) return;
    await once(this.stream, 'drain');
    this.full = false;
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}
