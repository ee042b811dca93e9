import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A file written line by line with backpressure. Text is encoded straight into a 64 KiB buffer (one copy,
 * no string concatenation) and each full buffer is one stream.write, which is what keeps a million records
 * fast; `write` reports when the stream is full so the producer can await `drain()` before generating more.
 * The stream's highWaterMark is several chunks deep: with Node's 16 KiB default every chunk would report
 * "full" and the generator would idle on each fs write instead of overlapping with it.
 */
export class LineSink {
  private readonly stream: WriteStream;
  private chunk: Buffer;
  private used = 0;
  private full = false;

  constructor(path: string, private readonly chunkSize = 64 * 1024, highWaterMark = 1024 * 1024) {
    this.stream = createWriteStream(path, { highWaterMark });
    this.chunk = Buffer.allocUnsafe(chunkSize);
  }

  /** Returns false when the caller should `await drain()` before writing more. */
  write(text: string): boolean {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: flush first unless the text surely fits.
    if (this.used + text.length * 3 > this.chunkSize) {
      this.flush();
      if (text.length * 3 > this.chunkSize) {
        if (!this.stream.write(text)) this.full = true;
        return !this.full;
      }
    }
    this.used += this.chunk.write(text, this.used);
    return !this.full;
  }

  private flush(): void {
    if (this.used === 0) return;
    if (!this.stream.write(this.chunk.subarray(0, this.used))) this.full = true;
    // The stream keeps the written slice until it reaches the file, so the next chunk is a new buffer.
    this.chunk = Buffer.allocUnsafe(this.chunkSize);
    this.used = 0;
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
