import { describe, expect, it } from 'vitest';
import { estimateRemaining, expectedMs } from './progress-estimate.js';
import { noTests, type RunSuiteProgress } from './progress-schema.js';

const now = Date.parse('2026-01-01T00:10:00Z');
const suite = (o: Partial<RunSuiteProgress>): RunSuiteProgress => ({ project: 'chaos', area: 'resilience', state: 'pending', tests: { ...noTests }, ...o });
const prev = (durationMs: number, total?: number) => ({ runId: 'r0', durationMs, ...(total !== undefined && { total }) });

describe('time left', () => {
  it('a suite takes what it took before, scaled down (never up) to the tests that run now', () => {
    expect(expectedMs(suite({ previous: prev(600_000, 100), total: 50 }))).toBe(300_000);
    expect(expectedMs(suite({ previous: prev(600_000, 100), total: 200 }))).toBe(600_000);
    expect(expectedMs(suite({ previous: prev(600_000) , total: 10 }))).toBe(600_000);
    expect(expectedMs(suite({}))).toBeUndefined();
  });

  it('pending suites add their earlier durations; the running one what is left of its own', () => {
    const r = estimateRemaining(
      [
        suite({ project: 'performance', state: 'done', previous: prev(1) }),
        suite({ project: 'isolation', state: 'running', startedAt: '2026-01-01T00:08:00Z', previous: prev(300_000) }),
        suite({ project: 'chaos', previous: { runId: 'r1', durationMs: 540_000 } }),
      ],
      now,
    );
    expect(r).toEqual({ ms: 180_000 + 540_000, complete: true, basis: ['r0', 'r1'] });
  });

  it('past its earlier duration, or without one, the running suite goes at its own pace so far', () => {
    const running = suite({ state: 'running', startedAt: '2026-01-01T00:00:00Z', total: 10, tests: { done: 4, passed: 4, failed: 0, skipped: 0 } });
    expect(estimateRemaining([{ ...running, previous: prev(60_000) }], now)?.ms).toBe(900_000);
    expect(estimateRemaining([running], now)).toEqual({ ms: 900_000, complete: true, basis: [] });
  });

  it('a suite with nothing to go on makes the estimate a lower bound; nothing known at all, no estimate', () => {
    expect(estimateRemaining([suite({ project: 'isolation', previous: prev(60_000) }), suite({})], now)).toEqual({ ms: 60_000, complete: false, basis: ['r0'] });
    expect(estimateRemaining([suite({ state: 'done' }), suite({})], now)).toBeUndefined();
  });
});
