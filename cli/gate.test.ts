/** `gauntlet gate` over results files: the exit code follows the verdict, and the files are there. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGate } from '../lib/report/gate-parse.js';
import { attempt, condition, criStartCost, passingRun } from '../lib/report/gate-test-data.js';
import { runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, x: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(x));
  return p;
};

describe('gauntlet gate', { timeout: 60_000 }, () => {
  it('a passing run: exit 0, gate.json (v1), gate.md with the verdict and SVG charts, gate.html', async () => {
    const results = write('pass.json', { ...passingRun(), runId: 'gate-pass' });
    const r = await runCli(['gate', '--results', results], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GATE PASS (exit 0): all areas passed');
    const out = join(dir, 'reports', 'gate-pass');
    const gate = parseGate(JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8')));
    expect(gate.verdict).toBe('PASS');
    const md = readFileSync(join(out, 'gate.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# Gate: PASS (exit 0)');
    expect(md).toContain('### Start latency: runc vs runsc');
    expect(md.match(/<svg/g)?.length).toBe(4);
    expect(readFileSync(join(out, 'gate.html'), 'utf8')).toMatch(/<table>[\s\S]*<svg/);
    expect(existsSync(join(out, 'charts', 'start-overhead-against-concurrency.svg'))).toBe(true);
    // The verdict in CI's formats, listed apart from the vitest projects' JUnit files.
    expect(r.stdout).toContain('  ci         reports/gate-pass/junit-gate.xml  reports/gate-pass/metrics.prom');
    expect(readFileSync(join(out, 'junit-gate.xml'), 'utf8')).toMatch(/<testcase name="performance area" classname="gate.performance"(\/>|>\s*<system-out>)/);
    expect(readFileSync(join(out, 'metrics.prom'), 'utf8')).toContain('gauntlet_gate_verdict{area="security",verdict="PASS"} 1');
  });

  it('an escape from a hardened runsc pod: exit 1, named, and a new-escape regression against the baseline', async () => {
    const baseline = join(dir, 'reports', 'gate-pass', 'gate.json');
    const run = { ...passingRun(), runId: 'gate-escape' };
    run.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' }));
    run.performance[0] = condition(1, { startCost: criStartCost(180, 150, 210) });
    const r = await runCli(['gate', '--results', write('escape.json', run), '--baseline', baseline], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('GATE FAIL (exit 1): gate failed: security');
    expect(r.stdout).toContain('new-escape: ptrace-host (runsc) [kernel] escaped; before: not attempted');
    expect(r.stdout).toContain("start-overhead: concurrency-1: runsc's added start cost (criRuntime) 180 ms is above the previous CI [45, 75] ms");
    const md = readFileSync(join(dir, 'reports', 'gate-escape', 'gate.md'), 'utf8');
    expect(md).toContain('## Trend against run `gate-pass`');
    expect(existsSync(join(dir, 'reports', 'gate-escape', 'trend.json'))).toBe(true);
    expect(readFileSync(join(dir, 'reports', 'gate-escape', 'junit-gate.xml'), 'utf8')).toMatch(/<testcase name="ptrace-host \(runsc, hardened\)" classname="gate.security.attempt">\s*<failure type="FAIL" message="escaped from a hardened runsc pod">/);
    expect(readFileSync(join(dir, 'reports', 'gate-escape', 'metrics.prom'), 'utf8')).toContain('gauntlet_gate_exit_code 1');
  });

  it('failed tests of a suite fail its area even when the records pass; a partial run judges only its areas', async () => {
    const run = { ...passingRun(), runId: 'gate-suite-failed', performance: [], resilience: [] };
    const suites = [{ project: 'isolation', area: 'security', exitCode: 1, tests: { total: 5, passed: 4, failed: 1, skipped: 0 }, failedTests: ['blocks reading the node canary under runsc'], durationMs: 1000 }];
    const r = await runCli(['gate', '--results', write('suite-failed.json', { ...run, suites })], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/security {5}FAIL\n(.*\n)*? {6}vitest project isolation: 1 of 5 test\(s\) failed \(junit-isolation\.xml\): blocks reading the node canary under runsc/);
    expect(r.stdout).toContain('performance  not run');
    const ok = await runCli(['gate', '--results', write('suite-ok.json', { ...run, runId: 'gate-suite-ok', suites: [{ ...suites[0], exitCode: 0, tests: { total: 5, passed: 5, failed: 0, skipped: 0 }, failedTests: [] }] })], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('GATE PASS (exit 0): security passed (partial run: security judged; performance, resilience, compatibility not run)');
  });

  it('bad input: results that are not results, a baseline of another schema, an unknown run id', async () => {
    const a = await runCli(['gate', '--results', write('junk.json', { runId: 'x', performance: 'fast' })], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/junk\.json is not valid:\n {2}- performance: /);
    const b = await runCli(['gate', '--results', join(dir, 'pass.json'), '--baseline', write('old.json', { schema: 'sandbox-gauntlet/gate/v0' })], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('has schema "sandbox-gauntlet/gate/v0"; this harness reads sandbox-gauntlet/gate/v1');
    const c = await runCli(['gate', '--run-id', 'no-such-run'], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('run no-such-run has no results');
  });
});
