import { describe, expect, it } from 'vitest';
import { comparePhase, conditionFigures, type StartPair } from './start-figures.js';

const settings = { resamples: 500, seed: 1, level: 0.95 };
const ok = (total: number, probeStarted?: number) => ({ succeeded: true, phases: { total, ...(probeStarted !== undefined ? { probeStarted } : {}) } });

// runsc = runc + 80 ms in every pair: the paired delta is exactly 80 in every resample.
const runcTotals = [900, 1000, 950, 1200, 980, 1010];
const pairs: StartPair[] = runcTotals.map((t) => ({ runc: ok(t, t - 500), runsc: ok(t + 80, t - 400) }));

describe('conditionFigures', () => {
  it('summarises each runtime per phase and compares pairs', () => {
    const f = conditionFigures(pairs, ['total', 'probeStarted'], settings);
    expect(f.pairs).toBe(6);
    expect(f.successes).toBe(6);
    // median of 900, 950, 980, 1000, 1010, 1200 = 990
    expect(f.phases.runc.total).toMatchObject({ n: 6, min: 900, p50: 990, max: 1200 });
    expect(f.phases.runsc.total).toMatchObject({ n: 6, p50: 1070 });
    expect(f.comparisons.total?.delta).toMatchObject({ estimate: 80, lo: 80, hi: 80, paired: true });
    expect(f.comparisons.total?.ratio.estimate).toBeCloseTo(1070 / 990, 12);
    expect(f.comparisons.probeStarted?.delta).toMatchObject({ estimate: 100, lo: 100, hi: 100 });
  });

  it('leaves failed starts out of the summaries and failed pairs out of the comparison', () => {
    const mixed: StartPair[] = [...pairs, { runc: ok(5000), runsc: { succeeded: false, phases: { total: 1 } } }];
    const f = conditionFigures(mixed, ['total'], settings);
    expect(f).toMatchObject({ pairs: 7, successes: 6 });
    expect(f.phases.runc.total?.n).toBe(7); // the runc half of the failed pair did succeed
    expect(f.phases.runsc.total?.n).toBe(6);
    expect(f.comparisons.total).toMatchObject({ n: 6, delta: { estimate: 80 } });
  });

  it('has no comparison for a phase no complete pair has, nor with no successes', () => {
    expect(comparePhase(pairs, 'ready', settings)).toBeUndefined();
    const failed: StartPair[] = [{ runc: { succeeded: false, phases: {} }, runsc: { succeeded: false, phases: {} } }];
    expect(conditionFigures(failed, ['total'], settings)).toEqual({ phases: { runc: {}, runsc: {} }, pairs: 1, successes: 0, comparisons: {} });
  });
});

describe('pairs that started in shared rounds', () => {
  it('are resampled round by round when a round held more than one pair', () => {
    const inRounds = pairs.map((p, i) => ({ ...p, round: Math.floor(i / 3) }));
    expect(comparePhase(inRounds, 'total', settings)?.delta.blocks).toBe(2);
  });

  it('are resampled pair by pair when every round held one', () => {
    const oneEach = pairs.map((p, i) => ({ ...p, round: i }));
    expect(comparePhase(oneEach, 'total', settings)?.delta.blocks).toBeUndefined();
  });
});
