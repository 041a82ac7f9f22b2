import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import { cell, inlineSvg, renderGateMarkdown } from './gate-markdown.js';
import { attempt, condition, latency, passingRun, testThresholds } from './gate-test-data.js';
import { compareGates } from './trend.js';

const at = '2025-08-05T10:00:00.000Z';

describe('renderGateMarkdown', () => {
  const gate = computeGate(passingRun(), testThresholds(), { generatedAt: at });
  const md = renderGateMarkdown(gate);
  const lines = md.split('\n');

  it('opens with the verdict and exit code, then the reason', () => {
    expect(lines[0]).toBe('# Gate: PASS (exit 0)');
    expect(lines[2]).toBe('**PASS**: all areas passed. Run `run-1`, 2025-08-05T10:00:00.000Z.');
  });

  it('has one summary row per area with its verdict and judged figures', () => {
    expect(md).toContain('| Area | Verdict | Against thresholds | Why |');
    expect(md).toMatch(/\| Security \| \*\*PASS\*\* \| hardened runsc escapes 0 \(≤ 0\) ✓/);
    expect(md).toMatch(/\| Performance \| \*\*PASS\*\* \| worst added start cost CI upper bound 75 ms \(≤ 300 ms\) ✓; worst workload time ratio CI upper bound 1.090 \(≤ 1.200\) ✓ \|/);
    expect(md).toMatch(/\| Compatibility \| \*\*PASS\*\* \| workloads that differ under runsc 0 \(≤ 0\) ✓ \|/);
    expect(md).toMatch(/\| Resilience \| \*\*PASS\*\* \| lost results 0 \(≤ 0\) ✓/);
  });

  it('shows a row per condition with load, medians, the judged added cost on its clock and the total\'s CIs', () => {
    expect(md).toContain('| concurrency-4 | cpu 0.50 · 1.0 pending/node · ×4 | 32/32 | 1000 ms | 1090 ms | 60 [45, 75] (criRuntime) | 90 [70, 110] | 1.090 [1.070, 1.110] | **PASS** |');
    expect(md).toContain("- concurrency-4: containerd's CRI clock: containerd's CRI log lines for 32 pairs");
    expect(md).toContain('Judged, each by its 95 % CI upper bound: +300 ms of runtime start cost; ≥ 28 of 32 pairs. The total\'s figures are reported, not judged.');
  });

  it('shows where the start goes on the node runtime\'s clock, and runsc\'s extra runtime cost with its CI, only where CRI phases were read', () => {
    expect(md).not.toContain('Where the start goes');
    const r = passingRun();
    const cri = (sandbox: number) => ({ criBeforeSandbox: latency(200), criSandbox: latency(sandbox), criKubeletGap: latency(3), criCreate: latency(10), criStart: latency(100), criKubeletReport: latency(400), criRuntime: latency(sandbox + 113) });
    r.performance = [condition(1, { name: 'idle', phases: { runc: { total: latency(900), ...cri(170) }, runsc: { total: latency(1800), ...cri(400) } }, phaseDeltas: { criRuntime: { statistic: 'difference', paired: true, estimate: 468, lo: 430, hi: 500, level: 0.95, resamples: 2000, seed: 1 } } })];
    const withCri = renderGateMarkdown(computeGate(r, testThresholds(), { generatedAt: at }));
    expect(withCri).toContain("Where the start goes (p50 / p95 ms; containerd's CRI log lines on the node");
    expect(withCri).toMatch(/\| idle \| runsc \| 200 ms \/ \d+ ms \| 400 ms \/ \d+ ms \|/);
    expect(withCri).toContain("- idle: runsc's extra runtime cost (RunPodSandbox requested → StartContainer returned) 468 ms [430, 500]");
  });

  it("names the runsc platform of each gVisor node and why, or that it was not read", () => {
    expect(md).toContain("_runsc platform: not read in this run");
    const r = passingRun();
    r.gvisorConfig = [
      { node: 'w1', sandboxes: 2, flags: { platform: 'systrap' }, findings: [] },
      { node: 'w2', sandboxes: 1, flags: { platform: 'kvm' }, findings: [] },
    ];
    expect(renderGateMarkdown(computeGate(r, testThresholds(), { generatedAt: at }))).toContain(
      "runsc platform per node (each sandbox's command line): w1 systrap (runsc's default, not overridden); w2 kvm (set by the node's runsc options).",
    );
  });

  it('shows security counts per category and the attempts with evidence hashes', () => {
    expect(md).toContain('| filesystem | 2 | 2 | 1 | 1 | 0 | 0 | 0 |');
    expect(md).toContain('| host-proc-read | filesystem | runsc | hardened | blocked-by-gvisor | `host-proc-re` |');
  });

  it('shows resilience figures against thresholds', () => {
    expect(md).toContain('| containerd-restart | runsc | containerd-recovery 12000 ms (≤ 60000 ms) ✓ | 0 | **PASS** |');
    expect(md).toContain('node-notready-detect 45000 ms (≤ 60000 ms) ✓; reschedule 8000 ms');
  });

  it('embeds charts inline in the given order, without prolog or blank lines', () => {
    const out = renderGateMarkdown(gate, {
      charts: {
        'Start latency': '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n\n<rect/>\n</svg>\n',
        Other: '<svg><circle/></svg>',
      },
    });
    expect(out).toContain('### Start latency\n\n<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n</svg>');
    expect(out.indexOf('### Start latency')).toBeLessThan(out.indexOf('### Other'));
  });

  it('a failing gate says so on the first line and explains in the area row', () => {
    const r = passingRun();
    r.security.push(attempt('ptrace-host', { verdict: 'escaped' }));
    const out = renderGateMarkdown(computeGate(r, testThresholds(), { generatedAt: at }));
    expect(out.split('\n')[0]).toBe('# Gate: FAIL (exit 1)');
    expect(out).toMatch(/\| Security \| \*\*FAIL\*\* \| hardened runsc escapes 1 \(≤ 0\) ✗.*\| 1 escape\(s\) from hardened runsc pods \(allowed 0\): ptrace-host/);
  });

  it('includes the trend section when given one', () => {
    const r = passingRun();
    r.runId = 'run-2';
    r.security.push(attempt('ptrace-host', { verdict: 'escaped' }));
    const current = computeGate(r, testThresholds(), { generatedAt: at });
    const out = renderGateMarkdown(current, { trend: compareGates(current, gate) });
    expect(out).toContain('## Trend against run `run-1`');
    expect(out).toContain('- **New escape**: ptrace-host (runsc) [filesystem] escaped; before: not attempted');
  });

  it('says plainly when an area has no data', () => {
    const r = passingRun();
    r.resilience = [];
    expect(renderGateMarkdown(computeGate(r, testThresholds(), { generatedAt: at }))).toContain('_No resilience scenarios were run._');
  });
});

describe('helpers', () => {
  it('escapes pipes and line breaks in table cells', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });
  it('refuses to inline something that is not an SVG', () => {
    expect(inlineSvg('<script>alert(1)</script>')).toMatch(/chart omitted/);
  });
});
