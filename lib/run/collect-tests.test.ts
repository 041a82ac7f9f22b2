/**
 * vitest's real collection of the suites, offline: no cluster can be reached (no kubeconfig
 * anywhere, and the offline guard on top), nothing is written, and the files that make their
 * tests from the cluster say so instead of failing the list.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cluster/settings.js';
import { collectTests } from './collect-tests.js';
import { withoutVitestEnv } from './suite-process.js';
import { exactNamesPattern } from './rerun-failed.js';
import { testsOf } from './test-plan.js';

const state = mkdtempSync(join(tmpdir(), 'gauntlet-collect-state-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));
const runId = `collect-test-${process.pid}`;
// Not the test worker's own vitest variables: the child is a vitest of its own.
const env = {
  ...withoutVitestEnv(process.env),
  KUBECONFIG: '',
  GAUNTLET_KUBECONFIG: '',
  GAUNTLET_STATE: state,
  GAUNTLET_RUN_ID: runId,
};

describe('collecting the suites offline', { timeout: 120_000 }, () => {
  it('lists chaos and isolation with their areas; per-node isolation files are named as needing the cluster; nothing is written', async () => {
    const plan = await collectTests({ projects: ['chaos', 'isolation'], mode: 'offline', env });
    const [chaos, isolation] = plan.suites;
    expect(plan.offline).toBe(true);
    expect(chaos?.area).toBe('resilience');
    expect(chaos?.files.map((f) => f.file)).toContain('suites/chaos/node-loss.test.ts');
    expect(testsOf(chaos!)).toContain('node loss under runc reports a lost worker NotReady in time, calls its in-flight runc probes lost, restarts its workload on any worker, and runs runc on it again once it is back');
    expect(isolation?.area).toBe('security');
    const perNode = isolation?.files.filter((f) => f.notListed).map((f) => [f.file, f.notListed?.needsCluster]);
    // needsCluster: stopped by the guard, not by the missing kubeconfig (that would be a BadInputError).
    expect(perNode).toEqual([['suites/isolation/gvisor-config.test.ts', true], ['suites/isolation/runtime-identity.test.ts', true], ['suites/isolation/sandbox-posture.test.ts', true]]);
    expect(isolation?.files.find((f) => f.file === 'suites/isolation/escape-matrix.test.ts')?.tests.length).toBeGreaterThan(50);
    expect(existsSync(join(repoRoot, 'reports', runId)), 'a listing writes no reports').toBe(false);
  });

  it('--grep narrows as vitest -t does: a rerun\'s exact-name pattern selects exactly those tests', async () => {
    const names = ['node loss under runc reports a lost worker NotReady in time, calls its in-flight runc probes lost, restarts its workload on any worker, and runs runc on it again once it is back', 'OOM under runsc reports a runsc container ended by the OOM killer as oom-killed'];
    const plan = await collectTests({ projects: ['chaos'], mode: 'offline', env, grep: exactNamesPattern(names) });
    expect(plan.grep).toBe(exactNamesPattern(names));
    expect(testsOf(plan.suites[0]!).sort()).toEqual([...names].sort());
    expect(plan.suites[0]?.files.filter((f) => f.tests.length > 0).map((f) => f.file)).toEqual(['suites/chaos/node-loss.test.ts', 'suites/chaos/oom.test.ts']);
  });
});
