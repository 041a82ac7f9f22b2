/**
 * Percentile bootstrap confidence intervals for comparing runsc with runc start latencies.
 *
 * Statistics: difference of medians (runsc − runc, ms), ratio of medians (runsc / runc), and the
 * Hodges–Lehmann shift: the median of every difference runsc[j] − runc[i] over all i, j, the
 * classic robust estimate of how much one sample is shifted from the other (the estimate behind
 * the Mann–Whitney test). Medians and the shift, because start latencies are right-skewed and a
 * few slow starts should not move the verdict; the shift is the more precise of the two: it
 * uses every cross pair, not two middle values (about 0.95 of a mean's efficiency on normal data
 * against about 0.64 for medians), and on the start benchmarks its interval was a quarter to a third
 * narrower than the difference of medians' (docs/measurement-method.md).
 *
 * Resampling:
 * - paired: the suites interleave runc and runsc starts in pairs so that both see the same
 *   cluster moment; we resample pair indices (both members together), which keeps that
 *   correlation and gives tighter, honest intervals.
 * - blocks (paired, with a block per pair): whole blocks are resampled, every pair of a drawn
 *   block together. Pods started in one round at concurrency > 1 share that moment's node load,
 *   so their pairs are not independent; resampling them one by one would understate the spread.
 * - unpaired: each runtime's sample is resampled independently.
 *
 * Interval: percentile method; lo/hi are the type-7 quantiles (lib/stats/quantile.ts) of the
 * bootstrap distribution at (1 − level)/2 and (1 + level)/2. `estimate` is the statistic on the
 * original data, not the bootstrap mean. Fixed resample count and seed make reruns identical.
 */
import { median, quantileSorted, sortedCopy } from './quantile.js';
import { mulberry32 } from './rng.js';

export type MedianStatistic = 'difference' | 'ratio' | 'shift';

export interface BootstrapOptions {
  /** Pairs are (runsc[i], runc[i]); requires equal lengths. */
  paired: boolean;
  /** Default 2000: percentile CIs at 95 % settle (±~1 % of the width) well before that. */
  resamples?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
  /** Paired only: the block (e.g. the round) of each pair; whole blocks are resampled. */
  blocks?: readonly number[];
}

export interface BootstrapResult {
  statistic: MedianStatistic;
  paired: boolean;
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  seed: number;
  /** Set when whole blocks were resampled: how many there were. */
  blocks?: number;
}

export const defaultResamples = 2000;
export const defaultSeed = 1;
export const defaultLevel = 0.95;

function check(runsc: readonly number[], runc: readonly number[], stat: MedianStatistic, o: BootstrapOptions): void {
  if (runsc.length === 0 || runc.length === 0) throw new RangeError('bootstrap: both samples need at least one value');
  if (o.paired && runsc.length !== runc.length) {
    throw new RangeError(`bootstrap: paired samples differ in length (runsc ${runsc.length}, runc ${runc.length})`);
  }
  for (const x of [...runsc, ...runc]) if (!Number.isFinite(x)) throw new RangeError(`bootstrap: non-finite value ${x}`);
  if (o.blocks !== undefined && (!o.paired || o.blocks.length !== runsc.length)) {
    throw new RangeError(`bootstrap: blocks need paired samples and one block per pair (${o.blocks.length} blocks for ${runsc.length} pairs)`);
  }
  // A ratio needs a positive denominator in every resample; all-positive runc guarantees it.
  if (stat === 'ratio' && runc.some((x) => x <= 0)) throw new RangeError('bootstrap: ratio needs runc values > 0');
}

/** Median of every a[j] − b[i]: the Hodges–Lehmann shift of a from b. */
export function hodgesLehmannShift(a: readonly number[], b: readonly number[]): number {
  const d = new Float64Array(a.length * b.length);
  let k = 0;
  for (const x of a) for (const y of b) d[k++] = x - y;
  d.sort();
  const n = d.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (d[mid] as number) : ((d[mid - 1] as number) + (d[mid] as number)) / 2;
}

function apply(stat: MedianStatistic, a: readonly number[], b: readonly number[]): number {
  if (stat === 'shift') return hodgesLehmannShift(a, b);
  return stat === 'difference' ? median(a) - median(b) : median(a) / median(b);
}

/** Percentile bootstrap CI of a median difference or ratio, runsc against runc. */
export function bootstrapMedians(
  statistic: MedianStatistic,
  runsc: readonly number[],
  runc: readonly number[],
  options: BootstrapOptions,
): BootstrapResult {
  const resamples = options.resamples ?? defaultResamples;
  const seed = options.seed ?? defaultSeed;
  const level = options.level ?? defaultLevel;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  check(runsc, runc, statistic, options);

  const rng = mulberry32(seed);
  const a = new Array<number>(runsc.length);
  const b = new Array<number>(runc.length);
  const dist = new Array<number>(resamples);
  const groups = options.blocks && blockMembers(options.blocks);
  for (let r = 0; r < resamples; r++) {
    if (groups) {
      const ra: number[] = [];
      const rb: number[] = [];
      for (let i = 0; i < groups.length; i++) {
        for (const k of groups[rng.int(groups.length)] as number[]) {
          ra.push(runsc[k] as number);
          rb.push(runc[k] as number);
        }
      }
      dist[r] = apply(statistic, ra, rb);
      continue;
    }
    if (options.paired) {
      for (let i = 0; i < runsc.length; i++) {
        const k = rng.int(runsc.length);
        a[i] = runsc[k] as number;
        b[i] = runc[k] as number;
      }
    } else {
      for (let i = 0; i < runsc.length; i++) a[i] = runsc[rng.int(runsc.length)] as number;
      for (let i = 0; i < runc.length; i++) b[i] = runc[rng.int(runc.length)] as number;
    }
    dist[r] = apply(statistic, a, b);
  }
  const sorted = sortedCopy(dist);
  return {
    statistic,
    paired: options.paired,
    estimate: apply(statistic, runsc, runc),
    lo: quantileSorted(sorted, (1 - level) / 2),
    hi: quantileSorted(sorted, (1 + level) / 2),
    level,
    resamples,
    seed: rng.seed,
    ...(groups && { blocks: groups.length }),
  };
}

/** The pair indices of each block, blocks in order of first appearance. */
function blockMembers(blocks: readonly number[]): number[][] {
  const byBlock = new Map<number, number[]>();
  blocks.forEach((block, i) => {
    const members = byBlock.get(block) ?? [];
    members.push(i);
    byBlock.set(block, members);
  });
  return [...byBlock.values()];
}

/** CI of median(runsc) − median(runc), in the samples' unit (ms). */
export const medianDifferenceCI = (runsc: readonly number[], runc: readonly number[], options: BootstrapOptions): BootstrapResult =>
  bootstrapMedians('difference', runsc, runc, options);

/** CI of the Hodges–Lehmann shift of runsc from runc, in the samples' unit (ms). */
export const shiftCI = (runsc: readonly number[], runc: readonly number[], options: BootstrapOptions): BootstrapResult => bootstrapMedians('shift', runsc, runc, options);

/** CI of median(runsc) / median(runc); 1.20 means runsc starts take 20 % longer. */
export const medianRatioCI = (runsc: readonly number[], runc: readonly number[], options: BootstrapOptions): BootstrapResult =>
  bootstrapMedians('ratio', runsc, runc, options);
