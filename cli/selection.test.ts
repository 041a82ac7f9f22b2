/**
 * `gauntlet list`, `run --dry-run`, `--grep` and `--rerun-failed` as a user meets them, with no
 * cluster: the kubeconfigs point at a closed loopback port, so nothing can be reached (or
 * brought up) even when a check were wrong. Bad input ends with exit 2, what, why, what to do.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, kubeconfigYaml, runCli } from './cli-helpers.js';
import { projectRoot } from './common.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-selection-'));
const runId = `cli-selection-test-${process.pid}`;
const doneRun = `cli-selection-done-${process.pid}`;
let kc = '';
beforeAll(async () => {
  kc = join(dir, 'closed.yaml');
  writeFileSync(kc, kubeconfigYaml(`https://127.0.0.1:${await closedPort()}`, ['dead']));
  // A finished run whose only suite passed: nothing to rerun.
  mkdirSync(join(projectRoot, 'reports', doneRun), { recursive: true });
  writeFileSync(join(projectRoot, 'reports', doneRun, 'vitest-chaos.json'), JSON.stringify({ testResults: [{ name: '/x/suites/chaos/oom.test.ts', status: 'passed', assertionResults: [{ fullName: 'OOM under runc reports it', status: 'passed' }] }] }));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const id of [runId, doneRun]) rmSync(join(projectRoot, 'reports', id), { recursive: true, force: true });
});
const env = (): NodeJS.ProcessEnv => ({ KUBECONFIG: '', GAUNTLET_KUBECONFIG: '', GAUNTLET_CONTEXT: '', GAUNTLET_CONFIG: '', GAUNTLET_STATE: join(dir, 'no-state'), GAUNTLET_RUN_ID: runId, CI: 'true' });
// A collection takes a few seconds; under the whole unit suite on two cores, more.
const limitMs = 20_000;

describe('choosing what runs, without a cluster', { timeout: 90_000 }, () => {
  it('gauntlet list: each suite\'s tests with its area, from vitest\'s collection; per-node files named, not listed', async () => {
    const r = await runCli(['list', '--suite', 'chaos', 'isolation'], { env: env(), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^chaos \(area resilience\): \d+ test\(s\) in 8 file\(s\)$/m);
    expect(r.stdout).toContain('  suites/chaos/oom.test.ts\n    OOM under runc reports a runc container ended by the OOM killer as oom-killed\n');
    expect(r.stdout).toMatch(/^isolation \(area security\): \d+ test\(s\) in 3 file\(s\); 3 file\(s\) not listed$/m);
    expect(r.stdout).toContain('  suites/isolation/gvisor-config.test.ts: not listed: its tests are made from the cluster\'s nodes when it is collected');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  it('gauntlet list --grep --json: only matching tests, as data', async () => {
    const r = await runCli(['list', '--suite', 'chaos', '--grep', 'OOM under', '--json'], { env: env(), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { grep: string; suites: { project: string; area: string; files: { file: string; tests: string[] }[] }[] };
    expect(plan.grep).toBe('OOM under');
    expect(plan.suites.flatMap((s) => s.files.flatMap((f) => f.tests))).toEqual(['OOM under runc reports a runc container ended by the OOM killer as oom-killed', 'OOM under runsc reports a runsc container ended by the OOM killer as oom-killed']);
  });

  it('a --grep that matches nothing: list and run stop with exit 2 before the doctor', async () => {
    for (const args of [['list', '--suite', 'chaos', 'performance'], ['run', '--suite', 'chaos', 'performance', '--kubeconfig', kc]]) {
      const r = await runCli([...args, '--grep', 'no such test'], { env: env(), timeoutMs: 60_000 });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain('gauntlet: --grep "no such test" matches no test of chaos, performance\n  It is matched against the full test names `gauntlet list` prints');
      expect(r.stderr).not.toContain('doctor');
      expect(r.elapsedMs).toBeLessThan(limitMs);
    }
    const bad = await runCli(['list', '--grep', '(unclosed'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('gauntlet: --grep "(unclosed" is not a regular expression');
  });

  it('--rerun-failed: an unknown run, or one with nothing failed, is exit 2 within seconds, before anything runs', async () => {
    const unknown = await runCli(['run', '--rerun-failed', '20991231-000000-dead', '--kubeconfig', kc], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/gauntlet: run 20991231-000000-dead is unknown: .*reports\/20991231-000000-dead does not exist\n {2}Pass one of the runs under reports\//);
    expect(unknown.elapsedMs).toBeLessThan(10_000);
    const done = await runCli(['run', '--rerun-failed', doneRun, '--kubeconfig', kc], { env: env() });
    expect(done.code).toBe(2);
    expect(done.stderr).toContain(`gauntlet: run ${doneRun} has no failed or inconclusive tests: every test of chaos passed or was skipped on purpose\n  Nothing to rerun.`);
    expect(done.stderr).not.toContain('doctor');
  });

  it('run --dry-run against an unreachable target: the doctor says why, exit 2, and nothing is written', async () => {
    const r = await runCli(['run', '--dry-run', '--suite', 'chaos', '--kubeconfig', kc], { env: env(), timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/API reachable\s+FAIL/);
    expect(r.stderr).toContain('the target cannot run the suites (see the table above); no suite was run');
    expect(existsSync(join(projectRoot, 'reports', runId)), 'a dry run writes no run directory').toBe(false);
  });

  it('run --dry-run without a kubeconfig does not bring the local cluster up', async () => {
    const r = await runCli(['run', '--dry-run'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gauntlet: the embedded local cluster is not up \(.*no-state\/harness\.kubeconfig does not exist\)\n {2}A dry run changes nothing: bring it up with `gauntlet cluster up`/);
    expect(r.stderr).not.toContain('bringing up');
  });
});
