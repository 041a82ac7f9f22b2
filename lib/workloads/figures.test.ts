import { describe, expect, it } from 'vitest';
import { outcome } from '../report/gate-test-data.js';
import { workloadSchema } from './definition.js';
import { workloadPerformance } from './figures.js';

const w = { ...workloadSchema.parse({ name: 'w', image: 'i', command: ['x'] }), builtin: false };
const boot = { resamples: 500, seed: 1, level: 0.95 };

describe("a workload's performance record", () => {
  it('times only pairs where both runs met the expectation, and gives the paired median ratio with its CI', () => {
    const pairs = [1, 2, 3, 4, 5].map((i) => ({ runc: outcome({ workMs: 100 + i, cpuMs: 90 }), runsc: outcome({ workMs: 200 + 2 * i, cpuMs: 95 }) }));
    pairs.push({ runc: outcome(), runsc: outcome({ pod: 'bad', status: 'timed-out', expectMet: false, problems: ['still running'], workMs: undefined }) });
    const r = workloadPerformance(w, pairs, boot);
    expect(r).toMatchObject({ pairs: 6, successes: 5, cpuMs: { runc: 90, runsc: 95 }, failures: ['pair 6 runsc (bad): still running'] });
    expect(r.ratio?.estimate).toBeCloseTo(2, 5);
    expect(r.ratio?.lo).toBeLessThanOrEqual(2);
    expect(r.ratio?.hi).toBeGreaterThanOrEqual(2);
  });
  it('has no ratio with fewer than two timed pairs', () => {
    expect(workloadPerformance(w, [{ runc: outcome(), runsc: outcome() }], boot).ratio).toBeUndefined();
  });
});
