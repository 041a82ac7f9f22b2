import { describe, expect, it } from 'vitest';
import { mean, median, quantile, quantileSorted, summary } from './quantile.js';

// Expected values are hand-computed with the type-7 rule h = (n-1)p (the R and numpy default);
// e.g. R: quantile(1:10, c(.05,.5,.95,.99)) gives 1.45 5.50 9.55 9.91.
const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('quantile (type 7)', () => {
  it('matches R quantile(1:10) at 5, 50, 95 and 99 %', () => {
    expect(quantile(oneToTen, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantile(oneToTen, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantile(oneToTen, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantile(oneToTen, 0.99)).toBeCloseTo(9.91, 12);
  });

  it('interpolates between neighbours: [15,20,35,40,50] at 0.4 is 20 + 0.6 * 15 = 29', () => {
    expect(quantile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12);
  });

  it('returns min and max at p = 0 and p = 1, and does not need sorted input', () => {
    const xs = [30, 10, 20];
    expect(quantile(xs, 0)).toBe(10);
    expect(quantile(xs, 1)).toBe(30);
    expect(median(xs)).toBe(20);
    expect(xs).toEqual([30, 10, 20]); // input left alone
  });

  it('median of an even-sized sample is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('a single value is every quantile', () => {
    expect(quantile([7], 0.13)).toBe(7);
    expect(quantileSorted([7], 0.99)).toBe(7);
  });

  it('rejects empty samples, non-finite values and p outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/non-finite/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
  });
});

describe('summary', () => {
  it('gives n, min, p05, p50, p95, p99, max and mean of 1..10', () => {
    const s = summary([...oneToTen].reverse());
    expect(s.n).toBe(10);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
    expect(s.p05).toBeCloseTo(1.45, 12);
    expect(s.p50).toBeCloseTo(5.5, 12);
    expect(s.p95).toBeCloseTo(9.55, 12);
    expect(s.p99).toBeCloseTo(9.91, 12);
    expect(s.mean).toBeCloseTo(5.5, 12);
  });

  it('mean of [100, 200, 600] is 300', () => {
    expect(mean([100, 200, 600])).toBe(300);
  });

  it('rejects an empty sample', () => {
    expect(() => summary([])).toThrow(RangeError);
  });
});
