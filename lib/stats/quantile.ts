/**
 * Quantiles and five-number-style summaries of latency samples.
 *
 * Definition: Hyndman & Fan (1996) type 7, the default of R's `quantile()` and
 * numpy's `quantile(..., method='linear')`. For sorted x[0..n-1] and p in [0, 1]:
 *   h = (n - 1) * p,  Q(p) = x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])
 * Chosen because anyone can reproduce our figures with R or numpy defaults.
 */

/** Throws on an empty sample or a non-finite value: a NaN latency is a harness bug, not data. */
function assertSample(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new RangeError(`${what}: empty sample`);
  for (const x of xs) {
    if (!Number.isFinite(x)) throw new RangeError(`${what}: non-finite value ${x}`);
  }
}

function assertProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
}

export function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Type-7 quantile of an already ascending-sorted sample (no checks on order; callers sort once). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  assertProbability(p);
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile: empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Type-7 quantile of an unsorted sample. */
export function quantile(xs: readonly number[], p: number): number {
  assertSample(xs, 'quantile');
  return quantileSorted(sortedCopy(xs), p);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function mean(xs: readonly number[]): number {
  assertSample(xs, 'mean');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

export interface Summary {
  n: number;
  min: number;
  p05: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** The figures every latency table in the reports shows; quantiles are type 7. */
export function summary(xs: readonly number[]): Summary {
  assertSample(xs, 'summary');
  const s = sortedCopy(xs);
  return {
    n: s.length,
    min: s[0] as number,
    p05: quantileSorted(s, 0.05),
    p50: quantileSorted(s, 0.5),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
    max: s[s.length - 1] as number,
    mean: mean(s),
  };
}
