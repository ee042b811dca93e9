/** mulberry32: tiny seeded PRNG whose whole state is one uint32, so it serialises with a reservoir or model. */
export interface SeededRandom {
  next(): number;
  readonly state: number;
}

export function createRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
    get state() {
      return a;
    },
  };
}
