import type { Rng } from './prng.js';

/**
 * A fixed-capacity pool of recent items to reference (customers for calls, invoices for payments...). New
 * items overwrite the oldest, so memory is bounded by the capacity whatever the number of records, and
 * references always point at records already emitted (never forward).
 */
export class RingPool<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  pick(rng: Rng): T {
    if (this.items.length === 0) throw new RangeError('pick from an empty pool');
    return rng.pick(this.items);
  }
}

/** One byte of flags per entity sequence number: which sources hold the entity (cheap: ~1 MB per million entities). */
export class SourceMask {
  private bytes = new Uint8Array(1024);

  mark(seq: number, bit: number): void {
    if (seq >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(seq + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[seq] = (this.bytes[seq] as number) | bit;
  }

  /** Counts entities per number of distinct sources they appear in (index = source count). */
  histogram(upTo: number): number[] {
    const counts = [0, 0, 0, 0];
    for (let i = 1; i <= upTo && i < this.bytes.length; i++) {
      const b = this.bytes[i] as number;
      const n = (b & 1) + ((b >> 1) & 1) + ((b >> 2) & 1);
      counts[n] = (counts[n] as number) + 1;
    }
    return counts;
  }
}
