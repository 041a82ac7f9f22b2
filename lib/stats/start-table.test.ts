import { describe, expect, it } from 'vitest';
import { summary } from './quantile.js';
import { renderStartTable } from './start-table.js';

describe('renderStartTable', () => {
  it('prints phases in start order with p05/p50/p95/max, the CIs, budgets and the SLI', () => {
    const ci = (estimate: number, lo: number, hi: number, statistic: 'difference' | 'ratio') => ({ statistic, paired: true, estimate, lo, hi, level: 0.95, resamples: 2000, seed: 1 });
    const text = renderStartTable([
      {
        name: 'idle',
        concurrency: 1,
        pairs: 2,
        successes: 2,
        phases: { runc: { total: summary([900, 1000]), scheduled: summary([20, 40]) }, runsc: { total: summary([1000, 1100]) } },
        comparisons: { total: { n: 2, delta: ci(100, 100, 100, 'difference'), ratio: ci(1.105, 1.1, 1.11, 'ratio') } },
        load: 'cpu 0.10/0.20',
        budgets: { pass: 4, fail: 0, inconclusive: 0 },
        kubeletSli: { runc: { p50Ms: 750, p99Ms: 990, count: 2 } },
        verdict: 'PASS',
      },
    ]);
    expect(text).toContain('== idle (concurrency 1): 2/2 pairs succeeded; gate PASS');
    const lines = text.split('\n');
    const scheduled = lines.findIndex((l) => l.trim().startsWith('scheduled'));
    const total = lines.findIndex((l) => l.trim().startsWith('total '));
    expect(scheduled).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(scheduled);
    expect(lines[total]).toMatch(/total\s+905\/950\/995\/1000\s+1005\/1050\/1095\/1100/);
    expect(text).toContain('runsc−runc 100 ms [100, 100]; runsc/runc 1.105 [1.100, 1.110] (95 % CI, 2 pairs)');
    expect(text).toContain('budgets: 4 pass, 0 fail, 0 inconclusive');
    expect(text).toContain('kubelet SLI (histogram, coarse buckets): runc p50 750 p99 990 (n=2); runsc -');
  });
});
