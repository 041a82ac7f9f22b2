import { describe, expect, it } from 'vitest';
import { BadInputError, InfrastructureError } from '../errors.js';
import type { CollectOptions } from './collect-tests.js';
import { planRun } from './plan-run.js';
import { planFrom, type TestPlan } from './test-plan.js';

const plan = (o: CollectOptions): TestPlan =>
  planFrom({ modules: [{ project: 'chaos', file: 'suites/chaos/n.test.ts', tests: ['n one', 'n two'].filter((n) => o.grep === undefined || new RegExp(o.grep).test(n)) }, { project: 'isolation', file: 'suites/isolation/a.test.ts', tests: [] }], errors: [] }, o.projects, { offline: false, ...(o.grep !== undefined && { grep: o.grep }) });

describe('planning a run against the target', () => {
  it('collects online with the grep, and says in the log what it leaves out and what of a rerun it cannot match', async () => {
    const asked: CollectOptions[] = [];
    const log: string[] = [];
    const sel = await planRun({ projects: ['chaos', 'isolation'], grep: 'two', env: {}, required: false, progress: (m) => log.push(m) }, async (o) => (asked.push(o), plan(o)));
    expect(asked.map((o) => [o.mode, o.grep])).toEqual([['online', 'two']]);
    expect(sel?.suites).toEqual([{ project: 'chaos', args: ['-t', 'two'] }]);
    expect(log).toEqual(['suite isolation: left out, no test matches --grep "two"']);

    const rerunLog: string[] = [];
    const rerun = await planRun(
      { projects: ['chaos'], grep: 'n', env: {}, required: true, progress: (m) => rerunLog.push(m), rerun: { runId: 'r', projects: [{ project: 'chaos', tests: [{ name: 'n one', why: 'failed' }, { name: 'gone', why: 'failed' }], files: [] }] } },
      async (o) => (asked.push(o), plan(o)),
    );
    // A rerun collects every test; its names are then narrowed by --grep.
    expect(asked.at(-1)?.grep).toBeUndefined();
    expect(rerun?.kind).toBe('rerun');
    expect(rerunLog[0]).toBe('rerun of run r: 1 test(s) that failed or were inconclusive there, in chaos');
    expect(rerunLog[1]).toMatch(/^rerun: cannot be matched, not rerun: chaos: gone \(failed in run r, but no test of chaos has this name now/);
  });

  it('a plain run goes on without a plan when collection fails; a dry run or a rerun cannot, and bad input always stops', async () => {
    const broken = async (): Promise<TestPlan> => {
      throw new InfrastructureError('vitest could not start');
    };
    const log: string[] = [];
    expect(await planRun({ projects: ['chaos'], env: {}, required: false, progress: (m) => log.push(m) }, broken)).toBeUndefined();
    expect(log).toEqual(['could not list the tests beforehand (vitest could not start); counting them as vitest collects them']);
    await expect(planRun({ projects: ['chaos'], env: {}, required: true, progress: () => {} }, broken)).rejects.toThrow(InfrastructureError);
    await expect(planRun({ projects: ['chaos'], grep: 'zzz', env: {}, required: false, progress: () => {} }, async (o) => plan(o))).rejects.toThrow(BadInputError);
  });
});
