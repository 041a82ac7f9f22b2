import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import { judgeCompatibility, judgeWorkloadCompatibility } from './gate-compatibility.js';
import { judgeWorkload } from './gate-performance.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { slownessInWords } from './gate-markdown-workloads.js';
import { gateItems } from './gate-junit-items.js';
import { renderGateMetrics } from './gate-metrics.js';
import { compatibilityRecord, outcome, passingRun, testThresholds, workloadPerformance } from './gate-test-data.js';
import type { RunResults } from './gate-schema.js';
import { renderWorkloadTables } from '../workloads/table.js';

const differs = compatibilityRecord('needs-sched-getattr', {
  builtin: false,
  runsc: outcome({ exitCode: 1, expectMet: false, problems: ['exit code 1, expected 0', 'stdout does not match /^sched_getattr: ok$/m'], stdout: 'sched_getattr: Function not implemented\n' }),
});

describe('compatibility of one workload', () => {
  it('the same exit code with the expectation met under both runtimes is a PASS', () => {
    expect(judgeWorkloadCompatibility(compatibilityRecord('cpu-bound'), [])).toMatchObject({ verdict: 'PASS', reasons: [] });
  });
  it('a difference FAILs with both outputs', () => {
    const r = judgeWorkloadCompatibility(differs, []);
    expect(r.verdict).toBe('FAIL');
    expect(r.reasons[0]).toMatch(/differs under runsc\. runc: exit 0; stdout: "ok"\. runsc: exit 1; exit code 1, expected 0.*stdout: "sched_getattr: Function not implemented"/);
  });
  it('a written exception accepts it, only for the exit code it names, and the reason is kept', () => {
    const ok = judgeWorkloadCompatibility(differs, [{ workload: 'needs-sched-getattr', reason: 'no real-time scheduling in sandboxes', runscExitCode: 1 }]);
    expect(ok).toMatchObject({ verdict: 'PASS', acceptedBecause: 'no real-time scheduling in sandboxes' });
    expect(judgeWorkloadCompatibility(differs, [{ workload: 'needs-sched-getattr', reason: 'x', runscExitCode: 2 }]).verdict).toBe('FAIL');
  });
  it('a workload that misses its expectation under runc proves nothing: INCONCLUSIVE (probe-invalid)', () => {
    const r = judgeWorkloadCompatibility(compatibilityRecord('broken', { runc: outcome({ exitCode: 2, expectMet: false, problems: ['exit code 2, expected 0'] }) }), []);
    expect(r).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['probe-invalid'] });
  });
  it('a runsc run that never started is the cluster\'s problem: INCONCLUSIVE (infrastructure)', () => {
    const r = judgeWorkloadCompatibility(compatibilityRecord('x', { runsc: outcome({ status: 'not-started', expectMet: false, problems: ['never started: ErrImagePull'] }) }), []);
    expect(r).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['infrastructure'] });
  });
  it('a runsc run that hangs or dies without its document is a difference', () => {
    expect(judgeWorkloadCompatibility(compatibilityRecord('x', { runsc: outcome({ status: 'timed-out', expectMet: false, problems: ['still running after 120 s'] }) }), []).verdict).toBe('FAIL');
  });
});

describe("gVisor's word beside a difference", () => {
  const sandbox = { node: 'gauntlet-worker', sandboxId: 'e80de35a4ffb', source: '/var/log/pods/ns_p_uid/gvisor.log' };
  const logged = { ...sandbox, syscalls: [{ name: 'rseq', sysno: 334, reports: 1 }, { name: 'sched_getattr', sysno: 315, reports: 1 }] };
  it("names the syscalls gVisor logged as unsupported in the runsc run's sandbox, marking those also logged where workloads behave the same", () => {
    const same = compatibilityRecord('cpu-bound', { gvisor: { ...sandbox, syscalls: [{ name: 'rseq', sysno: 334, reports: 1 }] } });
    const a = judgeCompatibility([same, { ...differs, gvisor: logged }], []);
    expect(a.reasons.find((r) => r.startsWith('needs-sched-getattr'))).toMatch(
      /\. gVisor logged as unsupported in sandbox e80de35a4ffb on gauntlet-worker: rseq \(334\) logged 1× \(also where workloads behave the same\), sched_getattr \(315\) logged 1×$/,
    );
    const md = renderGateMarkdown(computeGate({ ...passingRun(), compatibility: [same, { ...differs, gvisor: logged }] }, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' }));
    expect(md).toContain('- gVisor logged as unsupported in sandbox e80de35a4ffb on gauntlet-worker: rseq (334) logged 1× (also where workloads behave the same), sched_getattr (315) logged 1×');
  });
  it('says so when gVisor logged nothing, when its log could not be read, and when it was not read', () => {
    expect(judgeWorkloadCompatibility({ ...differs, gvisor: { ...sandbox, syscalls: [] } }, []).reasons[0]).toMatch(/gVisor recorded no unsupported syscall for sandbox e80de35a4ffb on gauntlet-worker \(\/var\/log\/pods\/ns_p_uid\/gvisor.log\)$/);
    const unreadable = { node: 'gauntlet-worker', sandboxId: 'nosuch', syscalls: [], problem: 'containerd on gauntlet-worker has no sandbox nosuch: not found' };
    expect(judgeWorkloadCompatibility({ ...differs, gvisor: unreadable }, []).reasons[0]).toMatch(/gVisor's log of unsupported syscalls for sandbox nosuch on gauntlet-worker: could not read: containerd on gauntlet-worker has no sandbox nosuch: not found$/);
    expect(judgeWorkloadCompatibility(differs, []).reasons[0]).toMatch(/gVisor's log of unsupported syscalls was not read for this run$/);
  });
});

describe('the compatibility area', () => {
  it('is INCONCLUSIVE without workloads, FAIL with one difference, and notes an exception it did not need', () => {
    expect(judgeCompatibility([], [])).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['no-data'] });
    const a = judgeCompatibility([compatibilityRecord('cpu-bound'), differs], [{ workload: 'cpu-bound', reason: 'r' }]);
    expect(a.verdict).toBe('FAIL');
    expect(a.figures[0]).toEqual({ name: 'workloads that differ under runsc', value: 1, unit: 'count', limit: 0, ok: false });
    expect(a.notes).toEqual(['exception for cpu-bound not needed in this run (r)']);
  });
  it('reaches the gate, its Markdown, its JUnit items and its metrics', () => {
    const results: RunResults = { ...passingRun(), compatibility: [compatibilityRecord('cpu-bound'), differs] };
    const g = computeGate(results, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });
    expect(g).toMatchObject({ verdict: 'FAIL', exitReason: 'gate failed: compatibility' });
    const md = renderGateMarkdown(g);
    expect(md).toMatch(/\| Compatibility \| \*\*FAIL\*\* \|/);
    expect(md).toMatch(/#### needs-sched-getattr: runc and runsc\n\n- runc: exit 0; stdout: "ok"\n- runsc: exit 1;/);
    expect(gateItems(g).filter((i) => i.area === 'compatibility').map((i) => [i.name, i.outcome.status])).toEqual([
      ['compatibility area', 'failed'],
      ['workload cpu-bound', 'passed'],
      ['workload needs-sched-getattr', 'failed'],
    ]);
  });
  it('a workloads-only run judges compatibility and the workloads part of performance, not pod start', () => {
    const results: RunResults = {
      ...passingRun(),
      performance: [],
      suites: [{ project: 'workloads', area: 'compatibility', exitCode: 0, tests: { total: 2, passed: 2, failed: 0, skipped: 0 }, failedTests: [], durationMs: 1 }],
    };
    const g = computeGate(results, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });
    expect(g.scope).toEqual(['performance', 'compatibility']);
    expect(g.areas.performance).toMatchObject({ verdict: 'PASS' });
    expect(g.areas.performance.notes).toContain('pod start not measured in this run (the performance suite did not run)');
  });
});

describe('workload performance', () => {
  const t = testThresholds().performance;
  it('passes when the ratio CI upper bound is within maxRatio and fails above it', () => {
    expect(judgeWorkload(workloadPerformance('cpu-bound'), t)).toMatchObject({ verdict: 'PASS' });
    const slow = judgeWorkload(workloadPerformance('syscall-getpid', { ratio: { statistic: 'ratio', paired: true, estimate: 12, lo: 11, hi: 13, level: 0.95, resamples: 2000, seed: 1 } }), t);
    expect(slow.verdict).toBe('FAIL');
    expect(slow.reasons[0]).toMatch(/syscall-getpid \(CPU\): runsc\/runc in-container time 12\.000 \[11\.000, 13\.000\] above 1\.2× at its upper bound/);
  });
  it('too few pairs cannot pass, but a whole interval above the limit still refutes', () => {
    const few = { successes: 4, pairs: 4 };
    expect(judgeWorkload(workloadPerformance('a', few), t)).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['insufficient-data'] });
    const refuted = judgeWorkload(workloadPerformance('a', { ...few, ratio: { statistic: 'ratio', paired: true, estimate: 5, lo: 4, hi: 6, level: 0.95, resamples: 2000, seed: 1 } }), t);
    expect(refuted.verdict).toBe('FAIL');
  });
  it('a workload not timed because it differs is listed, not judged', async () => {
    const g = computeGate({ ...passingRun(), workloads: [workloadPerformance('cpu-bound'), workloadPerformance('x', { pairs: 0, successes: 0, notMeasured: 'it differs under runsc' })] }, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });
    expect(g.areas.performance.verdict).toBe('PASS');
    expect(g.areas.performance.notes).toContain('x: not timed: it differs under runsc');
    expect(gateItems(g).find((i) => i.name === 'workload x')?.outcome).toEqual({ status: 'not-judged', reason: 'not timed: it differs under runsc' });
    expect(await renderGateMetrics(g)).toMatch(/gauntlet_workload_time_ratio\{area="performance",item="cpu-bound",bound="hi"\} 1.09/);
  });
  it('says in words which kinds of work gVisor makes slow', () => {
    const ratio = (estimate: number, hi: number) => ({ ratio: { statistic: 'ratio' as const, paired: true, estimate, lo: estimate * 0.9, hi, level: 0.95, resamples: 2000, seed: 1 } });
    const judged = [workloadPerformance('cpu-bound', ratio(1.01, 1.05)), workloadPerformance('syscall-getpid', ratio(9, 10)), workloadPerformance('python-startup', ratio(1.5, 1.6))].map((w) => judgeWorkload(w, t));
    expect(slownessInWords(judged, 1.2)).toBe('gVisor makes these kinds of work much slower here (2× or more): syscall-getpid 9.00×; slower beyond 1.2× at the CI\'s upper bound: python-startup 1.50×; within 1.2× of runc: cpu-bound 1.01×.');
    expect(renderWorkloadTables([], judged, 1.2)).toMatch(/syscall-getpid\s+10\/10\s+1000\s+1050\s+9\.00 \[8\.10, 10\.00\]\s+FAIL/);
  });
});
