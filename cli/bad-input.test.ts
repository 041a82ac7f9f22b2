/**
 * Bad input ends within 10 s with exit code 2 and a message that says what is wrong, why, and
 * what to do. These need no cluster: the kubeconfigs point nowhere or at a closed loopback port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, kubeconfigYaml, runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
/** No KUBECONFIG, no GAUNTLET_* target, and a local-cluster state directory that is empty. */
const isolatedEnv = (): NodeJS.ProcessEnv => ({ KUBECONFIG: '', GAUNTLET_KUBECONFIG: '', GAUNTLET_CONTEXT: '', GAUNTLET_CONFIG: '', GAUNTLET_RUNTIME_CLASS: '', GAUNTLET_STATE: join(dir, 'no-state'), GAUNTLET_RUN_ID: 'cli-bad-input-test' });
const limitMs = 10_000;

// Each case spawns the CLI (a few seconds of start-up each); the 10 s limit is asserted per call.
describe('bad input: exit 2 with what, why and what to do, within 10 s', { timeout: 60_000 }, () => {
  it('no kubeconfig anywhere: doctor names the missing local kubeconfig and the three ways to give one', async () => {
    const r = await runCli(['doctor'], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/kubeconfig and context\s+FAIL\s+No kubeconfig given and the local cluster's kubeconfig .*no-state\/kubeconfig does not exist/);
    expect(r.stdout).toContain('Pass --kubeconfig <file>, set KUBECONFIG, or start the local cluster with `gauntlet cluster up`.');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  it('a --kubeconfig that does not exist: run stops before touching anything', async () => {
    const r = await runCli(['run', '--kubeconfig', join(dir, 'missing.yaml')], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gauntlet: Kubeconfig .*missing\.yaml does not exist, so the cluster cannot be reached\n {2}Check the path given with --kubeconfig/);
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  it('KUBECONFIG naming no file', async () => {
    const r = await runCli(['run'], { env: { ...isolatedEnv(), KUBECONFIG: join(dir, 'nope-a.yaml') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/KUBECONFIG=.*nope-a\.yaml names no existing file.*\n {2}Fix or unset KUBECONFIG/);
  });

  it('an unreachable API (a closed loopback port): doctor says it cannot reach it and skips the rest', async () => {
    const port = await closedPort();
    const kc = file('unreachable.yaml', kubeconfigYaml(`https://127.0.0.1:${port}`, ['dead']));
    const r = await runCli(['doctor', '--kubeconfig', kc], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`API reachable\\s+FAIL\\s+cannot reach the API server https://127.0.0.1:${port} of context dead: .*ECONNREFUSED`));
    expect(r.stdout).toMatch(/RBAC sufficient\s+-\s+skipped/);
    expect(r.stdout).toContain('FAIL API reachable: Check that the cluster is up');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  it('an unreachable API stops `run` after the doctor, with no suite run', async () => {
    const port = await closedPort();
    const kc = file('unreachable-run.yaml', kubeconfigYaml(`https://127.0.0.1:${port}`, ['dead']));
    const r = await runCli(['run', '--kubeconfig', kc, '--suite', 'isolation'], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/API reachable\s+FAIL/);
    expect(r.stderr).toContain('the target cannot run the suites');
    expect(r.stderr).toContain('no suite was run');
    expect(r.stderr).not.toContain('vitest run --project isolation');
    expect(r.elapsedMs).toBeLessThan(limitMs);
    rmSync(join(process.cwd(), 'reports', 'cli-bad-input-test'), { recursive: true, force: true });
  });

  it('a context the kubeconfig does not define: lists the ones it does', async () => {
    const kc = file('two-contexts.yaml', kubeconfigYaml('https://127.0.0.1:1', ['staging', 'prod']));
    for (const cmd of [['doctor'], ['run', '--suite', 'isolation']]) {
      const r = await runCli([...cmd, '--kubeconfig', kc, '--context', 'production'], { env: isolatedEnv() });
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain('Context "production" does not exist in kubeconfig');
      expect(r.stdout + r.stderr).toContain('Pass --context with one of: staging, prod.');
      expect(r.elapsedMs).toBeLessThan(limitMs);
    }
  });

  it('malformed thresholds: every bad field with what was expected and the default', async () => {
    const cfg = file('bad-thresholds.yaml', 'performance:\n  maxStartOverheadRatio: 0.8\n  pairs: 1.5\nsecurity:\n  allowEscapes: -1\n');
    const r = await runCli(['run', '--config', cfg], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-thresholds.yaml: 3 invalid field(s)');
    expect(r.stderr).toContain('performance.maxStartOverheadRatio: expected a number ≥ 1, got 0.8. Fix: set a valid value or remove it to use the default 1.2.');
    expect(r.stderr).toContain('performance.pairs: expected an integer, got 1.5');
    expect(r.stderr).toContain('security.allowEscapes: expected an integer ≥ 0, got -1');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  it('malformed configuration: broken YAML, a misspelt field, a missing file, a bad RuntimeClass name', async () => {
    const cases: [string, RegExp][] = [
      [file('broken.yaml', 'performance:\n  pairs: [1,\n'), /broken\.yaml is not valid YAML/],
      [file('typo.yaml', 'performance:\n  maxStartOverheadRatoi: 1.5\n'), /performance\.maxStartOverheadRatoi: unknown field\(s\)\. Fix: check the spelling or remove; performance accepts pairs, minSuccesses/],
      [join(dir, 'absent.yaml'), /config file .*absent\.yaml does not exist/],
      [file('rc.yaml', 'target:\n  runtimeClass: gVisor_Class\n'), /target\.runtimeClass: expected a RuntimeClass name \(lowercase DNS subdomain\)/],
    ];
    for (const [cfg, message] of cases) {
      const r = await runCli(['doctor', '--config', cfg], { env: isolatedEnv() });
      expect(r.code, cfg).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('an unknown suite and an unknown flag are exit 2, not 1 (1 means the gate failed)', async () => {
    const a = await runCli(['run', '--suite', 'speed'], { env: isolatedEnv() });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("argument 'speed' is invalid. Allowed choices are performance, workloads, isolation, chaos.");
    const b = await runCli(['doctor', '--kubecfg', 'x'], { env: isolatedEnv() });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("unknown option '--kubecfg'");
  });

  it('a GAUNTLET_NETWORK_POLICY that is neither on nor off: cluster up refuses before building anything', async () => {
    const r = await runCli(['cluster', 'up'], { env: { ...isolatedEnv(), GAUNTLET_NETWORK_POLICY: 'disabled' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GAUNTLET_NETWORK_POLICY=disabled is neither "on" nor "off"\n {2}leave it unset .* or set it to off/);
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });
});
