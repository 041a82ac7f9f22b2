import { describe, expect, it } from 'vitest';
import type { BootstrapResult } from './bootstrap.js';
import { chooseStartCost, worstClock } from './start-cost.js';
import type { Comparison } from './start-figures.js';

const ci = (estimate: number): BootstrapResult => ({ statistic: 'difference', paired: true, estimate, lo: estimate - 10, hi: estimate + 10, level: 0.95, resamples: 100, seed: 1 });
const cmp = (n: number, estimate: number): Comparison => ({ n, delta: ci(estimate), ratio: { ...ci(1.5), statistic: 'ratio' } });
const agreeing = { 'w-1': { offsetMs: 2, uncertaintyMs: 1 }, 'w-2': { offsetMs: -3, uncertaintyMs: 2 } };

describe('chooseStartCost', () => {
  it("takes containerd's CRI clock when enough pairs have it", () => {
    const c = chooseStartCost({ comparisons: { criRuntime: cmp(8, 330), probeStarted: cmp(8, 440), total: cmp(8, 900) }, minPairs: 6, clocks: agreeing });
    expect(c).toMatchObject({ clock: 'cri', phase: 'criRuntime', n: 8, delta: { estimate: 330 } });
  });

  it("falls back to the probe's clock where every node's clock agrees with the harness's", () => {
    const c = chooseStartCost({ comparisons: { criRuntime: cmp(2, 330), probeStarted: cmp(8, 440), total: cmp(8, 900) }, minPairs: 6, clocks: agreeing });
    expect(c).toMatchObject({ clock: 'probe', delta: { estimate: 440 } });
    expect(c?.why).toContain('CRI phases for 2 pairs, fewer than 6');
    expect(c?.why).toContain('node clocks within 5 ms');
  });

  it("refuses the probe's clock when a node's clock is off, and says which", () => {
    const c = chooseStartCost({ comparisons: { probeStarted: cmp(8, 440), total: cmp(8, 900) }, minPairs: 6, clocks: { ...agreeing, 'w-2': { offsetMs: -40, uncertaintyMs: 2 } } });
    expect(c).toMatchObject({ clock: 'total', delta: { estimate: 900 } });
    expect(c?.why).toContain("w-2's clock differs from the harness's by up to 42 ms, beyond 10 ms");
  });

  it('refuses the probe clock when no node clock was read: agreement is checked, not assumed', () => {
    const c = chooseStartCost({ comparisons: { probeStarted: cmp(8, 440), total: cmp(8, 900) }, minPairs: 6, clocks: {} });
    expect(c?.clock).toBe('total');
    expect(c?.why).toContain('were not measured');
  });

  it('has nothing to offer without any comparison', () => {
    expect(chooseStartCost({ comparisons: {}, minPairs: 6, clocks: agreeing })).toBeUndefined();
  });
});

describe('worstClock', () => {
  it('is the largest offset plus its uncertainty', () => {
    expect(worstClock(agreeing)).toEqual({ node: 'w-2', bound: 5 });
    expect(worstClock({})).toBeUndefined();
  });
});
