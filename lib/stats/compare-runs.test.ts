import { describe, expect, it } from 'vitest';
import type { BootstrapResult } from './bootstrap.js';
import { addedCostShift, intervalsAgree, pairDeltas, sideShift, withinNoise } from './compare-runs.js';
import type { StartPair } from './start-figures.js';

const settings = { resamples: 500, seed: 1, level: 0.95 };
const pair = (runc: number, runsc: number, ok = true): StartPair => ({ runc: { succeeded: true, phases: { criRuntime: runc } }, runsc: { succeeded: ok, phases: { criRuntime: runsc } } });
const ci = (estimate: number, lo: number, hi: number): BootstrapResult => ({ statistic: 'difference', paired: true, estimate, lo, hi, level: 0.95, resamples: 100, seed: 1 });

describe('comparing two sets of start pairs', () => {
  const off = [pair(300, 600), pair(310, 640), pair(290, 610), pair(305, 620)];
  const on = [pair(300, 700), pair(310, 740), pair(290, 710), pair(305, 720)];

  it("takes each complete pair's runsc − runc, leaving failed pairs out", () => {
    expect(pairDeltas([...off, pair(1, 9999, false)], 'criRuntime')).toEqual([300, 330, 320, 315]);
  });

  it('sees a setting that adds 100 ms to every runsc start, and no shift between equal sets', () => {
    const shift = addedCostShift(on, off, 'criRuntime', settings);
    expect(shift?.estimate).toBe(100);
    expect(shift && withinNoise(shift)).toBe(false);
    const none = addedCostShift(off, off, 'criRuntime', settings);
    expect(none && withinNoise(none)).toBe(true);
    expect(sideShift(on, off, 'runc', 'criRuntime', settings)?.estimate).toBe(0);
    expect(addedCostShift([], off, 'criRuntime', settings)).toBeUndefined();
  });

  it('calls two runs in agreement only when each estimate lies in the other interval', () => {
    expect(intervalsAgree(ci(330, 300, 360), ci(340, 310, 370))).toBe(true);
    expect(intervalsAgree(ci(330, 320, 340), ci(360, 300, 420))).toBe(false);
  });
});
