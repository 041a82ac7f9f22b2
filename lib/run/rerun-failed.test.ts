import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { exactNamesPattern, readRerunWanted, rerunWithin, selectRerun, wantedFromVitestJson, type RerunWanted } from './rerun-failed.js';
import { planFrom } from './test-plan.js';

const root = mkdtempSync(join(tmpdir(), 'gauntlet-rerun-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (name: string, status: string, tests: [string, string][], message = '') => ({
  name: `/elsewhere/checkout/${name}`,
  status,
  message,
  assertionResults: tests.map(([fullName, s]) => ({ fullName, status: s })),
});

/** A run directory under `root` with the given files. */
function run(id: string, files: Record<string, unknown>): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

const badInput = (f: () => unknown): BadInputError => {
  try {
    f();
  } catch (err) {
    if (err instanceof BadInputError) return err;
    throw err;
  }
  throw new Error('expected a BadInputError');
};

describe('what a run left to rerun', () => {
  it('failed tests; in a failed file its skipped tests too; a file that failed without results whole', () => {
    const w = wantedFromVitestJson('isolation', {
      testResults: [
        file('suites/isolation/a.test.ts', 'failed', [['a fails', 'failed'], ['a passes', 'passed'], ['a skipped', 'skipped']]),
        file('suites/isolation/b.test.ts', 'passed', [['b passes', 'passed'], ['b skipped on purpose', 'skipped']]),
        file('suites/isolation/c.test.ts', 'failed', [], 'Cannot find module x'),
      ],
    }, false);
    expect(w.tests).toEqual([{ name: 'a fails', why: 'failed' }, { name: 'a skipped', why: 'skipped in a file that failed' }]);
    expect(w.files).toEqual([{ path: '/elsewhere/checkout/suites/isolation/c.test.ts', why: 'failed without a test result: Cannot find module x' }]);
  });

  it('an interrupted run: every test that did not run is inconclusive', () => {
    const w = wantedFromVitestJson('chaos', { testResults: [file('suites/chaos/n.test.ts', 'passed', [['n one', 'passed'], ['n two', 'pending']])] }, true);
    expect(w.tests).toEqual([{ name: 'n two', why: 'not run: the run was interrupted' }]);
  });

  it('reads the vitest reports of a run, and whole suites an interrupted run never started', () => {
    const dir = run('20260101-000000-aaaa', {
      'vitest-isolation.json': { testResults: [file('suites/isolation/a.test.ts', 'failed', [['a fails', 'failed']])] },
      'vitest-performance.json': { testResults: [file('suites/performance/p.test.ts', 'passed', [['p', 'passed']])] },
      'results.json': { runId: '20260101-000000-aaaa', interrupted: { signal: 'SIGINT', at: 'x', notRun: ['chaos'] } },
    });
    const w = readRerunWanted('20260101-000000-aaaa', dir);
    expect(w.projects.map((p) => [p.project, p.tests.map((t) => t.name), p.whole])).toEqual([
      ['isolation', ['a fails'], undefined],
      ['chaos', [], 'never started: the run was interrupted'],
    ]);
  });

  it('bad input: an id that is none, an unknown run (naming known ones), a run with no report, a run with nothing failed', () => {
    expect(badInput(() => readRerunWanted('../etc')).message).toContain('is not a run id');
    run('20260101-000001-bbbb', { 'vitest-chaos.json': { testResults: [file('suites/chaos/x.test.ts', 'passed', [['x', 'passed']])] } });
    const unknown = badInput(() => readRerunWanted('20260101-999999-zzzz', join(root, '20260101-999999-zzzz')));
    expect(unknown.message).toBe(`run 20260101-999999-zzzz is unknown: ${join(root, '20260101-999999-zzzz')} does not exist`);
    expect(unknown.hint).toContain('20260101-000001-bbbb');
    const empty = badInput(() => readRerunWanted('20260101-000002-cccc', run('20260101-000002-cccc', { 'doctor.txt': 'x' })));
    expect(empty.message).toContain('has nothing to rerun: ');
    expect(empty.message).toContain('holds no vitest report');
    const clean = badInput(() => readRerunWanted('20260101-000001-bbbb', join(root, '20260101-000001-bbbb')));
    expect(clean.message).toBe('run 20260101-000001-bbbb has no failed or inconclusive tests: every test of chaos passed or was skipped on purpose');
    expect(clean.hint).toContain('gauntlet gate --run-id 20260101-000001-bbbb');
  });

  it('--suite narrows the rerun, and naming only suites without failures is bad input', () => {
    const w: RerunWanted = { runId: 'r', projects: [{ project: 'isolation', tests: [{ name: 'a', why: 'failed' }], files: [] }] };
    expect(rerunWithin(w, undefined)).toBe(w);
    expect(rerunWithin(w, ['isolation', 'chaos']).projects).toHaveLength(1);
    expect(badInput(() => rerunWithin(w, ['chaos'])).message).toBe('run r has nothing to rerun in chaos: its failed or inconclusive tests are in isolation');
  });
});

describe('matching a rerun against the tests there are now', () => {
  const plan = planFrom(
    {
      modules: [
        { project: 'isolation', file: 'suites/isolation/a.test.ts', tests: ['a fails', 'a other'] },
        { project: 'isolation', file: 'suites/isolation/c.test.ts', tests: ['c one', 'c two'] },
        { project: 'chaos', file: 'suites/chaos/n.test.ts', tests: ['n one', 'n two'] },
      ],
      errors: [],
    },
    ['isolation', 'chaos'],
    { offline: false },
  );

  it('selects the names found, whole files and suites asked for, and says what it cannot match', () => {
    const wanted: RerunWanted = {
      runId: 'r1',
      projects: [
        { project: 'isolation', tests: [{ name: 'a fails', why: 'failed' }, { name: 'renamed since', why: 'failed' }], files: [{ path: '/x/suites/isolation/c.test.ts', why: 'import error' }, { path: '/x/suites/isolation/gone.test.ts', why: 'import error' }] },
        { project: 'chaos', tests: [], files: [], whole: 'never started' },
      ],
    };
    const sel = selectRerun(wanted, plan);
    expect(sel.projects).toEqual([
      { project: 'isolation', tests: ['c one', 'c two', 'a fails'], files: ['suites/isolation/a.test.ts', 'suites/isolation/c.test.ts'] },
      { project: 'chaos', tests: ['n one', 'n two'], files: ['suites/chaos/n.test.ts'] },
    ]);
    expect(sel.unmatched.map((u) => u.what)).toEqual(['/x/suites/isolation/gone.test.ts', 'renamed since']);
    expect(sel.unmatched[1]?.why).toContain('failed in run r1, but no test of isolation has this name now');
  });

  it('--grep narrows the names', () => {
    const wanted: RerunWanted = { runId: 'r', projects: [{ project: 'chaos', tests: [], files: [], whole: 'x' }] };
    expect(selectRerun(wanted, plan, (n) => /two/.test(n)).projects[0]?.tests).toEqual(['n two']);
  });

  it('the -t pattern matches exactly the names, whatever characters they hold', () => {
    const names = ['a (b) [c] x.y*z? $1 ^2 | e \\ f', 'plain name'];
    const re = new RegExp(exactNamesPattern(names));
    for (const n of names) expect(re.test(n), n).toBe(true);
    expect(re.test('plain name and more')).toBe(false);
    expect(re.test('a plain name')).toBe(false);
  });
});
