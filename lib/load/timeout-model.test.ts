import { describe, expect, it } from 'vitest';
import {
  classifyOverload,
  defaultTimeoutModelParams,
  loadFactor,
  startBudget,
  verdictFor,
  type LoadSnapshot,
} from './timeout-model.js';

const idle: LoadSnapshot = {
  cpuUtilization: { mean: 0, max: 0 },
  memoryUtilization: { mean: 0.3, max: 0.4 },
  pendingPods: 0,
  harnessConcurrency: 1,
  nodeCount: 2,
};
const load = (patch: Partial<LoadSnapshot>): LoadSnapshot => ({ ...idle, ...patch });
// 20 runc starts 1000..1190 ms step 10: type-7 p95 has h = 19 · 0.95 = 18.05 → 1180 + 0.05 · 10 = 1180.5 ms.
const baseline = Array.from({ length: 20 }, (_, i) => 1000 + 10 * i);

describe('startBudget: known numeric cases (default params: floor 2000, headroom 2, weights 1 / 0.1 / 0.25)', () => {
  it('idle cluster: factor 1, budget = ceil(1180.5 · 2) = 2361 ms', () => {
    const b = startBudget(baseline, idle);
    expect(b.baselineP95Ms).toBeCloseTo(1180.5, 9);
    expect(b.factor).toBe(1);
    expect(b.budgetMs).toBe(2361);
    expect(b.baselineN).toBe(20);
    expect(b.load).toBe(idle);
    expect(b.reasons.join('\n')).toMatch(/above floor 2000 ms/);
  });

  it('loaded: cpu max 0.6, 4 pending on 2 nodes, concurrency 4 → factor 1 + 0.6 + 0.2 + 0.75 = 2.55', () => {
    const l = load({ cpuUtilization: { mean: 0.4, max: 0.6 }, pendingPods: 4, harnessConcurrency: 4 });
    const b = startBudget(baseline, l);
    expect(b.factor).toBeCloseTo(2.55, 12);
    expect(b.budgetMs).toBe(Math.ceil(1180.5 * 2 * 2.55)); // 6020.55 → 6021
    expect(b.budgetMs).toBe(6021);
    expect(b.reasons.some((r) => r.includes('2.00 pending pods per node'))).toBe(true);
  });

  it('fast cluster: 300 ms baseline · 2 = 600 ms is lifted to the 2000 ms floor', () => {
    const b = startBudget([300, 300, 300], idle);
    expect(b.budgetMs).toBe(2000);
    expect(b.reasons.join('\n')).toMatch(/floor 2000 ms applies/);
  });

  it('CPU above 1 (metrics overshoot) counts as 1; zero nodes counts as one for the per-node rate', () => {
    expect(loadFactor(load({ cpuUtilization: { mean: 1, max: 1.3 } })).factor).toBe(2);
    expect(loadFactor(load({ pendingPods: 3, nodeCount: 0 })).factor).toBeCloseTo(1.3, 12);
  });

  it('custom params are honoured', () => {
    const b = startBudget([1000], load({ harnessConcurrency: 3 }), { ...defaultTimeoutModelParams, floorMs: 0, headroom: 1, concurrencyWeight: 0.5 });
    expect(b.factor).toBe(2);
    expect(b.budgetMs).toBe(2000);
  });

  it('rejects an empty baseline and negative or non-finite load figures', () => {
    expect(() => startBudget([], idle)).toThrow(/calibrate/);
    expect(() => startBudget(baseline, load({ pendingPods: -1 }))).toThrow(/pendingPods/);
    expect(() => startBudget(baseline, load({ cpuUtilization: { mean: Number.NaN, max: 0 } }))).toThrow(/cpuUtilization.mean/);
  });
});

describe('startBudget: monotone in every load input', () => {
  const budgetAt = (l: LoadSnapshot): number => startBudget(baseline, l).budgetMs;
  const nondecreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x >= (xs[i - 1] as number));
  const strictlyIncreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));

  it('grows with CPU, pending pods per node and concurrency', () => {
    const cpu = [0, 0.2, 0.5, 0.8, 0.9, 1].map((u) => budgetAt(load({ cpuUtilization: { mean: u, max: u } })));
    const pending = [0, 1, 4, 10, 40].map((p) => budgetAt(load({ pendingPods: p })));
    const conc = [1, 2, 4, 8, 16].map((c) => budgetAt(load({ harnessConcurrency: c })));
    expect(strictlyIncreasing(cpu)).toBe(true);
    expect(strictlyIncreasing(pending)).toBe(true);
    expect(strictlyIncreasing(conc)).toBe(true);
  });

  it('more nodes for the same pending pods never raises the budget; memory does not enter the factor', () => {
    const byNodes = [1, 2, 4, 8].map((n) => budgetAt(load({ pendingPods: 8, nodeCount: n })));
    expect(nondecreasing([...byNodes].reverse())).toBe(true);
    expect(budgetAt(load({ memoryUtilization: { mean: 0.9, max: 0.94 } }))).toBe(budgetAt(idle));
  });

  it('a slower baseline never gives a smaller budget', () => {
    const bs = [500, 1000, 2000, 4000].map((ms) => startBudget([ms], idle).budgetMs);
    expect(nondecreasing(bs)).toBe(true);
  });
});

describe('classifyOverload (defaults: cpu max > 0.9, pending per node > 5, memory max > 0.95)', () => {
  it('ok at and below the limits', () => {
    const c = classifyOverload(load({ cpuUtilization: { mean: 0.5, max: 0.9 }, pendingPods: 10, nodeCount: 2 }));
    expect(c).toEqual({ state: 'ok', reasons: [] });
  });

  it('overloaded above each limit, with a reason per limit exceeded', () => {
    expect(classifyOverload(load({ cpuUtilization: { mean: 0.5, max: 0.91 } })).reasons).toEqual(['busiest node CPU 0.91 > limit 0.9']);
    expect(classifyOverload(load({ pendingPods: 11, nodeCount: 2 })).reasons).toEqual(['5.50 pending pods per node > limit 5']);
    expect(classifyOverload(load({ memoryUtilization: { mean: 0.5, max: 0.97 } })).state).toBe('overloaded');
    const both = classifyOverload(load({ cpuUtilization: { mean: 0.95, max: 0.99 }, pendingPods: 12, nodeCount: 2 }));
    expect(both.state).toBe('overloaded');
    expect(both.reasons).toHaveLength(2);
  });

  it('no Ready nodes is overloaded; custom limits apply', () => {
    expect(classifyOverload(load({ nodeCount: 0 })).reasons).toContain('no Ready nodes');
    expect(classifyOverload(load({ cpuUtilization: { mean: 0.5, max: 0.6 } }), { maxCpu: 0.5, maxPendingPerNode: 5, maxMemory: 1 }).state).toBe(
      'overloaded',
    );
  });
});

describe('verdictFor', () => {
  const budget = startBudget(baseline, idle); // 2361 ms
  const ok = classifyOverload(idle);
  const overloaded = classifyOverload(load({ cpuUtilization: { mean: 0.95, max: 0.99 } }));

  it('pass at or under the budget, fail over it', () => {
    expect(verdictFor(2361, budget, ok)).toBe('pass');
    expect(verdictFor(2362, budget, ok)).toBe('fail');
    expect(verdictFor(Number.POSITIVE_INFINITY, budget, ok)).toBe('fail');
  });

  it('inconclusive whenever overloaded, fast or slow', () => {
    expect(verdictFor(100, budget, overloaded)).toBe('inconclusive');
    expect(verdictFor(99_999, budget, overloaded)).toBe('inconclusive');
  });

  it('rejects NaN and negative times', () => {
    expect(() => verdictFor(Number.NaN, budget, ok)).toThrow(RangeError);
    expect(() => verdictFor(-1, budget, ok)).toThrow(RangeError);
  });
});
