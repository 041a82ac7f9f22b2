import { describe, expect, it } from 'vitest';
import { countVerdicts, describeJudgement, judgeStart } from './budget.js';
import type { LoadSnapshot } from './timeout-model.js';

const idle: LoadSnapshot = { cpuUtilization: { mean: 0, max: 0 }, memoryUtilization: { mean: 0.1, max: 0.1 }, pendingPods: 0, harnessConcurrency: 1, nodeCount: 2 };
const busy: LoadSnapshot = { ...idle, cpuUtilization: { mean: 0.5, max: 0.5 }, harnessConcurrency: 5 };
const overloaded: LoadSnapshot = { ...idle, cpuUtilization: { mean: 0.95, max: 0.97 } };
// p95 of 100, 200, ..., 2100 (21 values) is exactly the 20th, 2000 ms (type 7: h = 20 × 0.95 = 19).
const baseline = Array.from({ length: 21 }, (_, i) => (i + 1) * 100);

describe('judgeStart', () => {
  it('at idle the budget is baseline p95 × headroom 2: 4000 ms; 4000 passes, 4001 fails', () => {
    expect(judgeStart(4000, baseline, idle)).toMatchObject({ verdict: 'pass', budget: { budgetMs: 4000, baselineP95Ms: 2000, factor: 1 } });
    expect(judgeStart(4001, baseline, idle).verdict).toBe('fail');
  });

  it('under load the budget grows: factor 1 + 0.5 cpu + 0.25 × 4 extra pods = 2.5, budget 10000 ms', () => {
    const j = judgeStart(9000, baseline, busy);
    expect(j.budget.factor).toBeCloseTo(2.5, 12);
    expect(j).toMatchObject({ verdict: 'pass', budget: { budgetMs: 10000, load: busy } });
  });

  it('an overloaded cluster makes any time inconclusive, also a start that never came', () => {
    expect(judgeStart(100_000, baseline, overloaded).verdict).toBe('inconclusive');
    expect(judgeStart(Infinity, baseline, overloaded).verdict).toBe('inconclusive');
    expect(judgeStart(Infinity, baseline, idle).verdict).toBe('fail');
  });

  it('counts verdicts and names the load that set each budget', () => {
    const js = [judgeStart(1, baseline, idle), judgeStart(5000, baseline, idle), judgeStart(1, baseline, overloaded)];
    expect(countVerdicts(js)).toEqual({ pass: 1, fail: 1, inconclusive: 1 });
    expect(describeJudgement(js[1]!)).toBe(
      'fail: 5000 ms > budget 4000 ms (runc p95 2000 ms × factor 1.00; cpu max 0.00, mem max 0.10, 0 pending, concurrency 1)',
    );
    expect(describeJudgement(js[2]!)).toMatch(/^inconclusive: .*overloaded: busiest node CPU 0.97 > limit 0.9\)$/);
  });
});
