import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { durationsOfRun, previousDurations } from './progress-history.js';

const root = mkdtempSync(join(tmpdir(), 'gauntlet-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const progress = (o: { phase?: string; selection?: string; suites: { project: string; state?: string; durationMs?: number; exitCode?: number | null; total?: number }[] }) => ({
  schema: 'sandbox-gauntlet/progress/v1',
  runId: 'x',
  startedAt: 'a',
  updatedAt: 'b',
  elapsedMs: 1,
  phase: o.phase ?? 'done',
  selection: o.selection ?? 'all',
  suites: o.suites.map((s) => ({ area: 'security', tests: { done: 0, passed: 0, failed: 0, skipped: 0 }, state: 'done', exitCode: 0, ...s })),
  totals: { done: 0, passed: 0, failed: 0, skipped: 0 },
});

/** A run directory whose file was last written `ageS` seconds ago. */
function run(id: string, name: 'progress.json' | 'results.json', content: unknown, ageS: number): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify(content));
  const t = Date.now() / 1000 - ageS;
  utimesSync(join(dir, name), t, t);
}

describe('earlier suite durations', () => {
  it('from a finished unfiltered run\'s progress.json; a filtered, interrupted or crashed one does not count', () => {
    expect(durationsOfRun('a', progress({ suites: [{ project: 'chaos', durationMs: 9, total: 15 }, { project: 'isolation', durationMs: 5, exitCode: null }] }), undefined)).toEqual(new Map([['chaos', { runId: 'a', durationMs: 9, total: 15 }]]));
    expect(durationsOfRun('a', progress({ selection: 'grep', suites: [{ project: 'chaos', durationMs: 9 }] }), undefined).size).toBe(0);
    expect(durationsOfRun('a', progress({ phase: 'interrupted', suites: [{ project: 'chaos', durationMs: 9 }] }), undefined).size).toBe(0);
  });

  it('from results.json for runs before progress.json, unless interrupted or a rerun', () => {
    const suites = [{ project: 'chaos', exitCode: 1, durationMs: 7 }, { project: 'isolation', exitCode: null, durationMs: 3 }];
    expect(durationsOfRun('b', undefined, { suites })).toEqual(new Map([['chaos', { runId: 'b', durationMs: 7 }]]));
    expect(durationsOfRun('b', undefined, { suites, interrupted: { signal: 'SIGINT' } }).size).toBe(0);
    expect(durationsOfRun('b', undefined, { suites, rerunOf: { runId: 'a' } }).size).toBe(0);
  });

  it('per suite the newest earlier run by when it was written, never the current run', () => {
    run('current', 'progress.json', progress({ suites: [{ project: 'chaos', durationMs: 1 }] }), 0);
    run('zz-newest-name-but-old', 'results.json', { suites: [{ project: 'chaos', exitCode: 0, durationMs: 100 }, { project: 'performance', exitCode: 0, durationMs: 50 }] }, 3600);
    run('aa-recent', 'progress.json', progress({ suites: [{ project: 'chaos', durationMs: 200, total: 15 }] }), 60);
    run('mm-recent-grep', 'progress.json', progress({ selection: 'grep', suites: [{ project: 'performance', durationMs: 1 }] }), 30);
    const found = previousDurations(root, 'current', ['chaos', 'performance', 'isolation']);
    expect(Object.fromEntries(found)).toEqual({ chaos: { runId: 'aa-recent', durationMs: 200, total: 15 }, performance: { runId: 'zz-newest-name-but-old', durationMs: 50 } });
    expect(previousDurations(join(root, 'none'), 'x', ['chaos']).size).toBe(0);
  });
});
