import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng.js';

// Known answers: the first uint32 outputs of the reference mulberry32 (C, public domain),
// computed with an independent Python port using explicit 32-bit masking; the float is uint32 / 2^32.
const reference: Record<number, number[]> = {
  0: [1144304738, 1416247, 958946056, 627933444],
  42: [2581720956, 1925393290, 3661312704, 2876485805],
  2025: [1827426074, 2636858733, 885439033, 748743982],
};

describe('mulberry32', () => {
  for (const [seed, words] of Object.entries(reference)) {
    it(`reproduces the reference stream for seed ${seed}`, () => {
      const rng = mulberry32(Number(seed));
      for (const w of words) expect(rng.next()).toBe(w / 2 ** 32);
    });
  }

  it('same seed, same stream; different seed, different stream', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('int(n) stays in [0, n) and hits every value', () => {
    const rng = mulberry32(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(5);
      expect(k >= 0 && k < 5 && Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(5);
  });

  it('int of seed 0 is floor(u * n) of the reference stream', () => {
    // 1144304738 / 2^32 * 10 = 2.66..., 1416247 / 2^32 * 10 = 0.003...
    const rng = mulberry32(0);
    expect(rng.int(10)).toBe(2);
    expect(rng.int(10)).toBe(0);
  });

  it('normalises the seed to uint32 and rejects non-integers', () => {
    expect(mulberry32(-1).seed).toBe(4294967295);
    expect(() => mulberry32(1.5)).toThrow(RangeError);
    expect(() => mulberry32(1).int(0)).toThrow(RangeError);
  });
});
