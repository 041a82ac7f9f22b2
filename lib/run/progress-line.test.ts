import { describe, expect, it } from 'vitest';
import { fitToWidth, formatDuration, progressLine } from './progress-line.js';
import { progressSchemaVersion, type RunProgress } from './progress-schema.js';

const base: RunProgress = {
  schema: progressSchemaVersion,
  runId: 'r',
  startedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:12:03Z',
  elapsedMs: 723_000,
  phase: 'suites',
  selection: 'all',
  suiteIndex: 2,
  suites: [
    { project: 'performance', area: 'performance', state: 'done', total: 4, tests: { done: 4, passed: 4, failed: 0, skipped: 0 } },
    { project: 'isolation', area: 'security', state: 'running', total: 137, tests: { done: 45, passed: 40, failed: 1, skipped: 4 }, current: 'escape attempts fs.proc1-root-canary blocks it' },
    { project: 'chaos', area: 'resilience', state: 'pending', tests: { done: 0, passed: 0, failed: 0, skipped: 0 } },
  ],
  totals: { done: 49, passed: 44, failed: 1, skipped: 4 },
  current: 'escape attempts fs.proc1-root-canary blocks it',
  remaining: { ms: 540_000, complete: false, basis: ['r0'] },
};

describe('the progress line', () => {
  it('formats durations', () => {
    expect([formatDuration(45_400), formatDuration(723_000), formatDuration(3_720_000), formatDuration(-5)]).toEqual(['45s', '12m03s', '1h02m', '0s']);
  });

  it('says suite n of N with its count, the run\'s counts of the total, elapsed, time left and the current test', () => {
    expect(progressLine(base)).toBe('suite 2/3 isolation 45/137 · tests 49/? done: 44 passed, 1 failed, 4 skipped · 12m03s elapsed · at least 9m00s left · now: escape attempts fs.proc1-root-canary blocks it');
    const known = { ...base, totals: { ...base.totals, total: 160 }, remaining: { ms: 60_000, complete: true, basis: [] } };
    expect(progressLine(known)).toContain('tests 49/160 done');
    expect(progressLine(known)).toContain('about 1m00s left');
  });

  it('outside a suite it names the phase, and without an estimate it says none', () => {
    const { suiteIndex: _i, remaining: _r, current: _c, ...rest } = base;
    expect(progressLine({ ...rest, phase: 'doctor', suites: [] })).toBe('doctor: checking the target · 12m03s elapsed');
  });

  it('fits a line to the terminal, on one row', () => {
    expect(fitToWidth('a\nb  c', 80)).toBe('a b c');
    expect(fitToWidth('0123456789', 5)).toBe('0123…');
    expect([...fitToWidth('é'.repeat(20), 10)]).toHaveLength(10);
  });
});
