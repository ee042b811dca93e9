import { createRandom, type SeededRandom } from './prng.js';

export interface ReservoirState<T> {
  capacity: number;
  /** Items offered so far (all time). */
  seen: number;
  items: T[];
  /** PRNG state, so a restored reservoir continues the same random sequence. */
  rngState: number;
}

/**
 * A bounded training sample biased towards recent records: Aggarwal's biased reservoir sampling
 * ("On Biased Reservoir Sampling in the Presence of Stream Evolution", VLDB 2006, algorithm with λ = 1/capacity).
 * Every offered item enters; with probability (fill ratio) it replaces a random resident, otherwise it is appended.
 * An item's chance to still be in the sample decays as exp(-age / capacity), so the sample follows drift,
 * which a plain (uniform, Vitter's R) reservoir over all time would not.
 */
export class Reservoir<T> {
  private readonly rng: SeededRandom;
  private constructor(private readonly s: ReservoirState<T>) {
    this.rng = createRandom(s.rngState);
  }

  static create<T>(capacity: number, seed = 1): Reservoir<T> {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    return new Reservoir<T>({ capacity, seen: 0, items: [], rngState: seed >>> 0 });
  }

  static restore<T>(state: ReservoirState<T>): Reservoir<T> {
    return new Reservoir<T>({ ...state, items: [...state.items] });
  }

  offer(item: T): void {
    this.s.seen++;
    const fill = this.s.items.length / this.s.capacity;
    if (this.rng.next() < fill) this.s.items[Math.floor(this.rng.next() * this.s.items.length)] = item;
    else this.s.items.push(item);
  }

  get items(): readonly T[] {
    return this.s.items;
  }

  get seen(): number {
    return this.s.seen;
  }

  toJSON(): ReservoirState<T> {
    return { ...this.s, items: [...this.s.items], rngState: this.rng.state };
  }
}
