/**
 * Comparing two sets of start pairs taken under different settings (the load sampler on or off,
 * two probe CPU requests) or at different times (two runs of the idle condition): the
 * benchmarks in scripts/bench-start.ts. Pure.
 */
import { medianDifferenceCI, type BootstrapResult } from './bootstrap.js';
import type { BootstrapSettings, Side, StartPair } from './start-figures.js';

const complete = (p: StartPair, phase: string): [number, number] | undefined => {
  const a = p.runsc.phases[phase];
  const b = p.runc.phases[phase];
  return p.runsc.succeeded && p.runc.succeeded && a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
};

/** Each complete pair's runsc − runc on `phase`. */
export function pairDeltas(pairs: readonly StartPair[], phase: string): number[] {
  return pairs.flatMap((p) => {
    const c = complete(p, phase);
    return c ? [c[0] - c[1]] : [];
  });
}

/** One runtime's successful values on `phase`. */
export function sideValues(pairs: readonly StartPair[], side: Side, phase: string): number[] {
  return pairs.flatMap((p) => {
    const v = p[side].phases[phase];
    return p[side].succeeded && v !== undefined && Number.isFinite(v) ? [v] : [];
  });
}

/**
 * How much setting A moves runsc's added cost against setting B: median of A's per-pair deltas
 * minus median of B's, an unpaired bootstrap (the two sets are different pairs). Undefined when
 * either side has no complete pair.
 */
export function addedCostShift(a: readonly StartPair[], b: readonly StartPair[], phase: string, settings: BootstrapSettings): BootstrapResult | undefined {
  const da = pairDeltas(a, phase);
  const db = pairDeltas(b, phase);
  return da.length > 0 && db.length > 0 ? medianDifferenceCI(da, db, { paired: false, ...settings }) : undefined;
}

/** How much setting A moves one runtime's own figure against setting B (unpaired). */
export function sideShift(a: readonly StartPair[], b: readonly StartPair[], side: Side, phase: string, settings: BootstrapSettings): BootstrapResult | undefined {
  const va = sideValues(a, side, phase);
  const vb = sideValues(b, side, phase);
  return va.length > 0 && vb.length > 0 ? medianDifferenceCI(va, vb, { paired: false, ...settings }) : undefined;
}

/** Two runs agree when each one's estimate lies inside the other's interval. */
export const intervalsAgree = (a: BootstrapResult, b: BootstrapResult): boolean => a.estimate >= b.lo && a.estimate <= b.hi && b.estimate >= a.lo && b.estimate <= a.hi;

/** Zero lies inside the interval: no effect could be shown. */
export const withinNoise = (shift: BootstrapResult): boolean => shift.lo <= 0 && shift.hi >= 0;
