/**
 * Seeded PRNG so bootstrap intervals are reproducible: the same seed and data
 * give the same gate.json, byte for byte.
 *
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, passes
 * gjrand/PractRand to the depths a 2000-resample bootstrap needs. Not for secrets.
 */

export interface Rng {
  /** The seed this generator started from (uint32). */
  readonly seed: number;
  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n); n must be a positive integer well below 2^32 (modulo bias ~ n / 2^32). */
  int(n: number): number;
}

export function mulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`rng seed must be an integer, got ${seed}`);
  const start = seed >>> 0;
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: start,
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int needs a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
  };
}
