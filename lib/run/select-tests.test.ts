import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { checkGrep, describeArgs, renderSelection, selectTests } from './select-tests.js';
import { planFrom, type Collected } from './test-plan.js';

const modules = (chaos: string[], isolation: string[], unlisted = false): Collected => ({
  modules: [
    { project: 'chaos', file: 'suites/chaos/n.test.ts', tests: chaos },
    { project: 'isolation', file: 'suites/isolation/a.test.ts', tests: isolation },
    ...(unlisted ? [{ project: 'isolation', file: 'suites/isolation/nodes.test.ts', tests: [], error: { name: 'NeedsClusterError', message: 'made from the cluster' } }] : []),
  ],
  errors: [],
});

describe('what a run selects', () => {
  it('all tests: every suite, no arguments, the counts to track', () => {
    const sel = selectTests(planFrom(modules(['n'], ['a', 'b']), ['chaos', 'isolation'], { offline: false }));
    expect(sel.kind).toBe('all');
    expect(sel.suites).toEqual([{ project: 'chaos', args: [] }, { project: 'isolation', args: [] }]);
    expect(sel.planned).toEqual({ chaos: 1, isolation: 2 });
  });

  it('--grep: suites with certainly no match are left out and said; a suite with unlisted files is kept', () => {
    const sel = selectTests(planFrom(modules(['n'], [], true), ['chaos', 'isolation'], { offline: true, grep: 'n' }), { grep: 'n' });
    expect(sel.suites).toEqual([{ project: 'chaos', args: ['-t', 'n'] }, { project: 'isolation', args: ['-t', 'n'] }]);
    expect(sel.planned).toEqual({ chaos: 1 });
    const left = selectTests(planFrom(modules(['n'], []), ['chaos', 'isolation'], { offline: false, grep: 'n' }), { grep: 'n' });
    expect(left.suites.map((s) => s.project)).toEqual(['chaos']);
    expect(left.left).toEqual([{ project: 'isolation', why: 'no test matches --grep "n"' }]);
  });

  it('--grep that certainly matches nothing is bad input; one that may match in unlisted files is not', () => {
    const none = planFrom(modules([], []), ['chaos', 'isolation'], { offline: false, grep: 'zzz' });
    expect(() => selectTests(none, { grep: 'zzz' })).toThrow(BadInputError);
    expect(() => selectTests(none, { grep: 'zzz' })).toThrow('--grep "zzz" matches no test of chaos, isolation');
    expect(selectTests(planFrom(modules([], [], true), ['chaos', 'isolation'], { offline: true, grep: 'zzz' }), { grep: 'zzz' }).suites.map((s) => s.project)).toEqual(['isolation']);
  });

  it('a --grep that is no regular expression is bad input', () => {
    expect(() => checkGrep('a[')).toThrow(BadInputError);
    expect(checkGrep('a|b').test('b')).toBe(true);
  });

  it('a rerun: exact names and their files per suite, the narrowed plan, and bad input when nothing can be matched', () => {
    const plan = planFrom(modules(['n one', 'n two'], ['a']), ['chaos', 'isolation'], { offline: false });
    const sel = selectTests(plan, { rerun: { runId: 'r', projects: [{ project: 'chaos', tests: [{ name: 'n two', why: 'failed' }], files: [] }] } });
    expect(sel.kind).toBe('rerun');
    expect(sel.suites).toEqual([{ project: 'chaos', args: ['-t', '^(?:n two)$', 'suites/chaos/n.test.ts'] }]);
    expect(sel.planned).toEqual({ chaos: 1 });
    expect(renderSelection(sel)).toContain('rerun of run r: 1 test(s) that failed or were inconclusive there\n');
    expect(renderSelection(sel)).toContain('  suites/chaos/n.test.ts\n    n two\n');
    expect(renderSelection(sel)).not.toContain('n one');
    expect(() => selectTests(plan, { rerun: { runId: 'r', projects: [{ project: 'chaos', tests: [{ name: 'gone', why: 'failed' }], files: [] }] } })).toThrow(/none of the tests that failed or were inconclusive in run r can be run now: chaos: gone/);
  });

  it('a long rerun pattern is summarised in the log', () => {
    expect(describeArgs(['-t', 'short'])).toBe('-t short');
    expect(describeArgs(['-t', `^(?:${'x'.repeat(200)})$`, 'suites/a.test.ts'])).toBe('-t <exact names> suites/a.test.ts');
  });
});
