import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteOutcome } from '../report/gate-schema.js';
import type { ProgressDisplay } from './progress-display.js';
import { noTests, runProgressSchema, type RunProgress, type RunSuiteProgress, type SuiteProgress } from './progress-schema.js';
import { RunProgressTracker, withSuiteProgress, withTotals } from './run-progress.js';
import { sampleProgress } from './testdata/progress-factory.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-run-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suiteFile = (o: Partial<SuiteProgress> = {}): SuiteProgress => ({
  project: 'isolation',
  updatedAt: '2026-01-01T00:00:00Z',
  files: { total: 3, collected: 1, done: 0 },
  tests: { collected: 40, done: 10, passed: 9, failed: 1, skipped: 0 },
  running: ['escape attempts x blocks it'],
  finished: false,
  ...o,
});
const entry: RunSuiteProgress = { project: 'isolation', area: 'security', state: 'running', tests: { ...noTests } };

describe('folding a suite\'s progress file into the run', () => {
  it('the plan\'s total until every file is collected, vitest\'s own after; the running test, else what runs', () => {
    expect(withSuiteProgress(entry, suiteFile(), 137)).toMatchObject({ total: 137, tests: { done: 10, passed: 9, failed: 1, skipped: 0 }, current: 'escape attempts x blocks it' });
    expect(withSuiteProgress(entry, suiteFile({ files: { total: 3, collected: 3, done: 1 }, tests: { collected: 139, done: 10, passed: 10, failed: 0, skipped: 0 } }), 137).total).toBe(139);
    expect(withSuiteProgress(entry, suiteFile({ tests: { collected: 200, done: 0, passed: 0, failed: 0, skipped: 0 } }), 137).total).toBe(200);
    expect(withSuiteProgress(entry, suiteFile({ running: ['a', 'b', 'c'] }), undefined).current).toBe('a (+2 more)');
    const hook = withSuiteProgress({ ...entry, current: 'old' }, suiteFile({ running: [], activity: 'beforeAll of suites/isolation/escape-matrix.test.ts' }), undefined);
    expect(hook.current).toBe('beforeAll of suites/isolation/escape-matrix.test.ts');
    expect(withSuiteProgress({ ...entry, current: 'old' }, suiteFile({ running: [] }), undefined).current).toBeUndefined();
  });

  it('the worker\'s own word on its current test wins until that test ended or the suite finished', () => {
    const worker = { name: 'chaos oom under runsc', startedAt: '2026-01-01T00:00:01Z' };
    expect(withSuiteProgress(entry, suiteFile({ running: [], activity: 'starting suites/chaos/oom.test.ts' }), undefined, worker).current).toBe('chaos oom under runsc');
    expect(withSuiteProgress(entry, suiteFile({ running: ['x'] }), undefined, { ...worker, endedAt: '2026-01-01T00:00:02Z' }).current).toBe('x');
    expect(withSuiteProgress(entry, suiteFile({ running: [], finished: true }), undefined, worker).current).toBeUndefined();
  });

  it('run totals add the suites up; the total only once every suite\'s is known', () => {
    const p: RunProgress = sampleProgress({
      suites: [
        { ...entry, project: 'performance', area: 'performance', state: 'done', total: 4, tests: { done: 4, passed: 3, failed: 1, skipped: 0 } },
        { ...entry, total: 10, tests: { done: 2, passed: 2, failed: 0, skipped: 0 }, current: 'x' },
        { ...entry, project: 'chaos', area: 'resilience', state: 'pending' },
      ],
      totals: { ...noTests },
    });
    const t = withTotals(p, Date.parse('2026-01-01T00:01:00Z'));
    expect(t.totals).toEqual({ done: 6, passed: 5, failed: 1, skipped: 0 });
    expect(t.elapsedMs).toBe(60_000);
    expect(t.current).toBe('x');
    expect(withTotals({ ...p, suites: p.suites.map((s) => ({ ...s, total: s.total ?? 1 })) }, 0).totals.total).toBe(15);
  });
});

describe('the run progress tracker', () => {
  it('writes progress.json (valid, atomically) through the phases and a suite, and shows each state', () => {
    const file = join(dir, 'progress.json');
    const shown: RunProgress[] = [];
    const display: ProgressDisplay = { live: false, update: (p) => shown.push(p), log: () => {}, suiteOutput: () => undefined, stop: () => {} };
    let t = Date.parse('2026-01-01T00:00:00Z');
    const tracker = new RunProgressTracker({ runId: 'r', file, projects: ['performance', 'isolation'], selection: 'all', display, now: () => t, previous: new Map([['isolation', { runId: 'r0', durationMs: 120_000 }]]) });
    const read = (): RunProgress => runProgressSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    tracker.phase('doctor');
    expect(read().phase).toBe('doctor');
    tracker.plan(['isolation'], 'grep', { isolation: 40 });
    expect(read().suites.map((s) => [s.project, s.total, s.previous?.runId])).toEqual([['isolation', 40, 'r0']]);
    expect(read().selection).toBe('grep');

    const sf = join(dir, 'progress-isolation.json');
    tracker.suiteStarted('isolation', sf);
    writeFileSync(sf, JSON.stringify(suiteFile()));
    t += 30_000;
    tracker.tick();
    const mid = read();
    expect(mid.suiteIndex).toBe(1);
    expect(mid.totals).toEqual({ done: 10, passed: 9, failed: 1, skipped: 0, total: 40 });
    expect(mid.current).toBe('escape attempts x blocks it');
    expect(mid.remaining).toEqual({ ms: 90_000, complete: true, basis: ['r0'] });

    writeFileSync(sf, JSON.stringify(suiteFile({ files: { total: 3, collected: 3, done: 3 }, tests: { collected: 40, done: 40, passed: 39, failed: 1, skipped: 0 }, running: [], finished: true })));
    tracker.suiteEnded('isolation', { durationMs: 60_000, exitCode: 1 } as SuiteOutcome);
    tracker.finish('done');
    const end = read();
    expect(end.phase).toBe('done');
    expect(end.suiteIndex).toBeUndefined();
    expect(end.suites[0]).toMatchObject({ state: 'done', durationMs: 60_000, exitCode: 1, tests: { done: 40 } });
    expect(end.remaining).toBeUndefined();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(shown.map((p) => p.phase)).toContain('suites');
  });

  it('a run that stops early says why, and a suite left running is marked not run', () => {
    const file = join(dir, 'stopped.json');
    const display: ProgressDisplay = { live: false, update: () => {}, log: () => {}, suiteOutput: () => undefined, stop: () => {} };
    const tracker = new RunProgressTracker({ runId: 'r', file, projects: ['chaos'], selection: 'all', display });
    tracker.suiteStarted('chaos', join(dir, 'absent.json'));
    tracker.finish('stopped', 'vitest could not start');
    tracker.finish('done');
    const p = runProgressSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect([p.phase, p.current, p.suites[0]?.state]).toEqual(['stopped', 'vitest could not start', 'not-run']);
  });
});
