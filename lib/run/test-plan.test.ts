import { describe, expect, it } from 'vitest';
import { planFrom, renderPlan, testCount, unlistedFiles, type Collected } from './test-plan.js';

const collected: Collected = {
  modules: [
    { project: 'isolation', file: 'suites/isolation/b.test.ts', tests: ['b one', 'b two'] },
    { project: 'isolation', file: 'suites/isolation/a.test.ts', tests: [], error: { name: 'NeedsClusterError', message: 'its tests are made from the cluster' } },
    { project: 'isolation', file: 'suites/isolation/c.test.ts', tests: [], error: { name: 'SyntaxError', message: 'Unexpected token' } },
    { project: 'chaos', file: 'suites/chaos/x.test.ts', tests: ['x under runc'] },
    { project: 'unit', file: 'lib/u.test.ts', tests: ['not a suite'] },
  ],
  errors: [],
};

describe('the test plan', () => {
  it('groups the files per suite in the order asked, sorted, with the area; failed files are not listed and say why', () => {
    const plan = planFrom(collected, ['chaos', 'isolation'], { offline: true, grep: 'x|b' });
    expect(plan.suites.map((s) => [s.project, s.area])).toEqual([['chaos', 'resilience'], ['isolation', 'security']]);
    expect(plan.suites[1]?.files.map((f) => f.file)).toEqual(['suites/isolation/a.test.ts', 'suites/isolation/b.test.ts', 'suites/isolation/c.test.ts']);
    expect(plan.suites[1]?.files[0]?.notListed).toEqual({ reason: 'its tests are made from the cluster', needsCluster: true });
    expect(plan.suites[1]?.files[2]?.notListed?.needsCluster).toBe(false);
    expect(testCount(plan)).toBe(3);
    expect(unlistedFiles(plan).map((u) => u.file.file)).toEqual(['suites/isolation/a.test.ts', 'suites/isolation/c.test.ts']);
    expect(plan.grep).toBe('x|b');
  });

  it('renders each suite with its area and counts, its tests under their file, and what is not listed', () => {
    const text = renderPlan(planFrom(collected, ['isolation', 'chaos'], { offline: true }));
    expect(text).toContain('isolation (area security): 2 test(s) in 1 file(s); 2 file(s) not listed\n');
    expect(text).toContain('  suites/isolation/b.test.ts\n    b one\n    b two\n');
    expect(text).toContain('  suites/isolation/a.test.ts: not listed: its tests are made from the cluster\n');
    expect(text).toContain('chaos (area resilience): 1 test(s) in 1 file(s)\n');
    expect(text.trim().split('\n').at(-1)).toBe('3 test(s) in isolation, chaos; 2 file(s) not listed (1 make their tests from the cluster: `gauntlet run --dry-run` lists them)');
  });

  it('says when --grep matched nothing listed but files were not listed', () => {
    const none: Collected = { modules: collected.modules.map((m) => ({ ...m, tests: [] })), errors: [] };
    expect(renderPlan(planFrom(none, ['isolation'], { offline: true, grep: 'zzz' }))).toContain('--grep matches none of the tests listed, but may match in the files not listed');
    expect(renderPlan(planFrom(none, ['chaos'], { offline: true, grep: 'zzz' }))).not.toContain('may match');
  });
});
