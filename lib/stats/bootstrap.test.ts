import { describe, expect, it } from 'vitest';
import { bootstrapMedians, hodgesLehmannShift, medianDifferenceCI, medianRatioCI, shiftCI } from './bootstrap.js';

const runc = [100, 120, 90, 300, 110, 105, 95, 130];
const plus80 = runc.map((x) => x + 80);

describe('bootstrap CIs with known answers', () => {
  it('constant samples give a zero-width interval at the true difference and ratio', () => {
    const a = Array(8).fill(150) as number[];
    const b = Array(8).fill(100) as number[];
    for (const paired of [true, false]) {
      expect(medianDifferenceCI(a, b, { paired })).toMatchObject({ estimate: 50, lo: 50, hi: 50 });
      expect(medianRatioCI(a, b, { paired })).toMatchObject({ estimate: 1.5, lo: 1.5, hi: 1.5 });
    }
  });

  it('paired: a constant shift of 80 ms survives every pair resample exactly', () => {
    // median(runc[idx] + 80) = median(runc[idx]) + 80 for any index multiset idx.
    const r = medianDifferenceCI(plus80, runc, { paired: true });
    expect(r.estimate).toBe(80);
    expect(r.lo).toBe(80);
    expect(r.hi).toBe(80);
  });

  it('unpaired: the same data give a wider interval around 80 (pairing is what removes the noise)', () => {
    const r = medianDifferenceCI(plus80, runc, { paired: false });
    expect(r.estimate).toBe(80);
    expect(r.lo).toBeLessThan(80);
    expect(r.hi).toBeGreaterThan(80);
  });

  it('paired: a constant factor of 1.2 gives ratio 1.2 in every resample', () => {
    const r = medianRatioCI(
      runc.map((x) => x * 1.2),
      runc,
      { paired: true },
    );
    expect(r.estimate).toBeCloseTo(1.2, 12);
    expect(r.lo).toBeCloseTo(1.2, 12);
    expect(r.hi).toBeCloseTo(1.2, 12);
  });

  it('matches the exact bootstrap distribution of a 3-point sample', () => {
    // Resampling 3 of {100, 200, 300}: P(median = 100) = P(median = 300) = 7/27 ≈ 0.26, P(200) = 13/27.
    // With runc fixed at 100, the difference takes 0, 100, 200 with those weights, so its
    // 2.5 % and 97.5 % quantiles are 0 and 200; the ratio's are 1 and 3.
    const a = [100, 200, 300];
    const b = [100, 100, 100];
    for (const paired of [true, false]) {
      expect(medianDifferenceCI(a, b, { paired })).toMatchObject({ estimate: 100, lo: 0, hi: 200 });
      expect(medianRatioCI(a, b, { paired })).toMatchObject({ estimate: 2, lo: 1, hi: 3 });
    }
  });
});

describe('bootstrap reproducibility and options', () => {
  const skewed = [410, 380, 395, 900, 420, 405, 388, 1500, 399, 402];
  const base = [300, 310, 305, 320, 800, 298, 302, 315, 309, 301];

  it('same seed and data give identical results; defaults are 2000 resamples, seed 1, level 0.95', () => {
    const x = medianRatioCI(skewed, base, { paired: true });
    const y = medianRatioCI(skewed, base, { paired: true });
    expect(x).toEqual(y);
    expect(x).toMatchObject({ resamples: 2000, seed: 1, level: 0.95, statistic: 'ratio', paired: true });
    expect(x.lo).toBeLessThanOrEqual(x.estimate);
    expect(x.hi).toBeGreaterThanOrEqual(x.estimate);
  });

  it('a different seed gives a (slightly) different interval', () => {
    const x = medianDifferenceCI(skewed, base, { paired: false, seed: 1 });
    const y = medianDifferenceCI(skewed, base, { paired: false, seed: 2 });
    expect(x.estimate).toBe(y.estimate);
    expect([x.lo, x.hi]).not.toEqual([y.lo, y.hi]);
  });

  it('echoes resamples and seed it was given', () => {
    const r = bootstrapMedians('difference', skewed, base, { paired: true, resamples: 500, seed: 99 });
    expect(r).toMatchObject({ resamples: 500, seed: 99 });
  });

  it('rejects unequal paired samples, empty samples, non-positive ratio denominators and bad options', () => {
    expect(() => medianDifferenceCI([1, 2], [1], { paired: true })).toThrow(/differ in length/);
    expect(() => medianDifferenceCI([], [1], { paired: false })).toThrow(RangeError);
    expect(() => medianRatioCI([1, 2], [0, 1], { paired: false })).toThrow(/runc values > 0/);
    expect(() => medianRatioCI([1], [1], { paired: false, resamples: 0 })).toThrow(/resamples/);
    expect(() => medianRatioCI([1], [1], { paired: false, level: 1 })).toThrow(/level/);
  });
});

describe('block bootstrap (whole rounds resampled)', () => {
  it('one pair per block is the pair bootstrap, draw for draw', () => {
    const runsc = [180, 250, 170, 420, 200, 185, 160, 230];
    const blocks = runsc.map((_, i) => i);
    const byPair = medianDifferenceCI(runsc, runc, { paired: true, seed: 3 });
    const byBlock = medianDifferenceCI(runsc, runc, { paired: true, seed: 3, blocks });
    expect([byBlock.lo, byBlock.estimate, byBlock.hi]).toEqual([byPair.lo, byPair.estimate, byPair.hi]);
    expect(byBlock.blocks).toBe(8);
    expect(byPair.blocks).toBeUndefined();
  });

  it('rounds whose pairs share a shift give a wider interval than pairs taken one by one', () => {
    // Four rounds of four pairs; each round's runsc starts share that round's extra cost.
    const shifts = [0, 200, 40, 260];
    const base = Array.from({ length: 16 }, (_, i) => 100 + (i % 4));
    const runscRounds = base.map((x, i) => x + 100 + (shifts[Math.floor(i / 4)] as number));
    const blocks = base.map((_, i) => Math.floor(i / 4));
    const byPair = medianDifferenceCI(runscRounds, base, { paired: true });
    const byRound = medianDifferenceCI(runscRounds, base, { paired: true, blocks });
    expect(byRound.blocks).toBe(4);
    expect(byRound.hi - byRound.lo).toBeGreaterThan(byPair.hi - byPair.lo);
  });

  it('refuses blocks without pairs, or of another length', () => {
    expect(() => medianDifferenceCI([1, 2], [1, 2], { paired: false, blocks: [0, 1] })).toThrow(/blocks need paired samples/);
    expect(() => medianDifferenceCI([1, 2], [1, 2], { paired: true, blocks: [0] })).toThrow(/one block per pair/);
  });
});

describe('the Hodges–Lehmann shift', () => {
  it('is the median of every cross difference', () => {
    expect(hodgesLehmannShift([1, 2, 3], [0])).toBe(2);
    // 10−1, 10−2, 20−1, 20−2 = 9, 8, 19, 18: the middle two are 9 and 18.
    expect(hodgesLehmannShift([10, 20], [1, 2])).toBe(13.5);
  });

  it('recovers a constant shift exactly, in every resample', () => {
    expect(shiftCI(plus80, runc, { paired: true })).toMatchObject({ statistic: 'shift', estimate: 80, lo: 80, hi: 80 });
  });

  it('gives a narrower interval than the difference of medians on a noisy shift', () => {
    // A shift of 80 plus noise unrelated between the two starts of a pair, as at idle.
    const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const r1 = rng(7);
    const a = Array.from({ length: 32 }, () => 300 + 100 * (r1() + r1() + r1()));
    const b = Array.from({ length: 32 }, () => 220 + 100 * (r1() + r1() + r1()));
    const width = (x: { lo: number; hi: number }) => x.hi - x.lo;
    expect(width(shiftCI(a, b, { paired: true }))).toBeLessThan(width(medianDifferenceCI(a, b, { paired: true })));
  });
});
