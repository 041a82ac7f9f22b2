import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import type { GateVerdict } from '../vocabulary.js';
import { combineVerdicts, computeGate, exitCodeFor } from './gate.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { parseGate, parseRunResults } from './gate-parse.js';
import type { InconclusiveCause, RunResults } from './gate-schema.js';
import type { PerformanceThresholds } from '../config/schema.js';
import { attempt, condition, criStartCost, passingRun, scenario, testThresholds } from './gate-test-data.js';

const at = '2025-08-05T10:00:00.000Z';
const gateOf = (patch: (r: RunResults) => void = () => {}, thresholds = testThresholds()) => {
  const r = passingRun();
  patch(r);
  return computeGate(r, thresholds, { generatedAt: at });
};

describe('combineVerdicts', () => {
  it.each<[GateVerdict[], GateVerdict]>([
    [['PASS', 'PASS', 'PASS'], 'PASS'],
    [['PASS', 'INCONCLUSIVE', 'PASS'], 'INCONCLUSIVE'],
    [['INCONCLUSIVE', 'FAIL', 'PASS'], 'FAIL'],
    [['FAIL'], 'FAIL'],
    [[], 'INCONCLUSIVE'],
  ])('%j → %s', (vs, expected) => {
    expect(combineVerdicts(vs)).toBe(expected);
  });
});

describe('exitCodeFor', () => {
  const area = (verdict: GateVerdict, causes: InconclusiveCause[] = []) => ({ verdict, causes });
  it('PASS 0, FAIL 1', () => {
    expect(exitCodeFor({ security: area('PASS'), performance: area('PASS'), resilience: area('PASS'), compatibility: area('PASS') }).exitCode).toBe(0);
    expect(exitCodeFor({ security: area('FAIL'), performance: area('INCONCLUSIVE', ['overload']), resilience: area('PASS'), compatibility: area('PASS') }).exitCode).toBe(1);
  });
  it('INCONCLUSIVE is 2 only when every cause is overload or infrastructure', () => {
    const infra = exitCodeFor({ security: area('PASS'), performance: area('INCONCLUSIVE', ['overload']), resilience: area('INCONCLUSIVE', ['infrastructure']), compatibility: area('PASS') });
    expect(infra).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 2 });
    expect(infra.exitReason).toMatch(/rerun on a healthier cluster/);
    const mixed = exitCodeFor({ security: area('INCONCLUSIVE', ['no-data']), performance: area('INCONCLUSIVE', ['overload']), resilience: area('PASS'), compatibility: area('PASS') });
    expect(mixed).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 1 });
    expect(exitCodeFor({ security: area('PASS'), performance: area('INCONCLUSIVE', ['insufficient-data']), resilience: area('PASS'), compatibility: area('PASS') }).exitCode).toBe(1);
  });
});

describe('computeGate: a clean run', () => {
  const gate = gateOf();
  it('passes every area, exit 0, versioned schema', () => {
    expect(gate).toMatchObject({ schema: 'sandbox-gauntlet/gate/v1', runId: 'run-1', generatedAt: at, verdict: 'PASS', exitCode: 0 });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.performance.verdict).toBe('PASS');
    expect(gate.areas.resilience.verdict).toBe('PASS');
  });
  it('records the figures against the thresholds', () => {
    expect(gate.areas.performance.conditions[0]?.figures).toContainEqual({ name: 'added start cost CI upper bound (criRuntime)', value: 75, unit: 'ms', limit: 300, ok: true });
    expect(gate.areas.security.figures[0]).toEqual({ name: 'hardened runsc escapes', value: 0, unit: 'count', limit: 0, ok: true });
    expect(gate.areas.security.categories).toEqual([
      { category: 'filesystem', attempts: 2, judged: 2, 'blocked-by-gvisor': 1, 'blocked-by-policy': 1, escaped: 0, 'probe-invalid': 0, 'not-applicable': 0 },
      { category: 'network', attempts: 1, judged: 1, 'blocked-by-gvisor': 0, 'blocked-by-policy': 1, escaped: 0, 'probe-invalid': 0, 'not-applicable': 0 },
    ]);
  });
  it('round-trips through JSON and the v1 schema', () => {
    expect(parseGate(JSON.parse(JSON.stringify(gate)))).toEqual(gate);
  });
});

describe('security rules', () => {
  it('a hardened runsc escape fails the gate (exit 1) and names the attempt', () => {
    const gate = gateOf((r) => r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' })));
    expect(gate.areas.security.verdict).toBe('FAIL');
    expect(gate.areas.security.reasons[0]).toMatch(/1 escape\(s\) from hardened runsc pods \(allowed 0\): ptrace-host/);
    expect(gate).toMatchObject({ verdict: 'FAIL', exitCode: 1 });
  });
  it('allowEscapes raises the tolerance', () => {
    const r = passingRun();
    r.security.push(attempt('ptrace-host', { verdict: 'escaped' }));
    const t = testThresholds();
    t.security.allowEscapes = 1;
    expect(computeGate(r, t, { generatedAt: at }).areas.security.verdict).toBe('PASS');
  });
  it('a probe-invalid control fails: the probe is broken', () => {
    const gate = gateOf((r) => r.security.push(attempt('mount-escape', { runtime: 'runc', profile: 'control', verdict: 'probe-invalid' })));
    expect(gate.areas.security.verdict).toBe('FAIL');
    expect(gate.areas.security.reasons.join()).toMatch(/probe is broken: mount-escape/);
  });
  it('a probe-invalid hardened attempt is INCONCLUSIVE (probe-invalid), exit 1', () => {
    const gate = gateOf((r) => r.security.push(attempt('seccomp-bypass', { verdict: 'probe-invalid' })));
    expect(gate.areas.security).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['probe-invalid'] });
    expect(gate.exitCode).toBe(1);
  });
  it('records what was tested: the API server, the harness and each node, with runsc from the configuration check', () => {
    const gate = gateOf((r) => {
      r.environment = { apiServer: 'v1.34.4', harness: { version: '0.1.0', commit: 'abc123' }, nodes: [{ name: 'w1', kubelet: 'v1.34.4', containerRuntime: 'containerd://1.7.30', kernel: '6.18.44', osImage: 'Debian GNU/Linux 12' }] };
      r.gvisorConfig = [{ node: 'w1', sandboxes: 1, runscVersion: 'release-20250503.0', flags: {}, findings: [] }];
    });
    expect(gate.tested?.nodes[0]).toMatchObject({ name: 'w1', runsc: 'release-20250503.0', kernel: '6.18.44' });
    expect(renderGateMarkdown(gate)).toMatch(/## What was tested\n\nAPI server v1\.34\.4; harness 0\.1\.0 \(commit abc123\)\.[\s\S]*\| w1 \| v1\.34\.4 \| containerd:\/\/1\.7\.30 \| release-20250503\.0 \| 6\.18\.44 \|/);
  });
  it('a sandbox posture problem on one node fails, naming the node, process and problem; a clean posture is stated in the PASS line', () => {
    const p = { node: 'w1', role: 'sandbox' as const, pid: 7, threads: 20, filteredThreads: 20, noNewPrivs: '1', capabilities: ['CHOWN'], dirFds: 2, problems: [] as string[] };
    const ok = gateOf((r) => (r.posture = [p]));
    expect(ok.areas.security.verdict).toBe('PASS');
    expect(ok.areas.security.reasons.join()).toMatch(/sandbox posture holds for 1 process\(es\) on w1/);
    const bad = gateOf((r) => (r.posture = [p, { ...p, node: 'w2', pid: 9, problems: ["holds the node's own directories open: /etc"] }]));
    expect(bad.areas.security.verdict).toBe('FAIL');
    expect(bad.areas.security.reasons.join()).toMatch(/gVisor sandbox posture broken: w2 runsc-sandbox pid 9: holds the node's own directories open: \/etc/);
    expect(renderGateMarkdown(bad)).toMatch(/### gVisor sandbox posture per node[\s\S]*\| w2 \| runsc-sandbox \| 9 \| 20\/20 \|[^\n]*\*\*FAIL\*\* holds/);
  });
  it('a gVisor flag that departs from the declared policy on one node fails, naming the node, flag and value', () => {
    const gate = gateOf((r) => {
      r.gvisorConfig = [
        { node: 'w1', sandboxes: 2, flags: { 'net-raw': 'false' }, findings: [] },
        { node: 'w2', sandboxes: 1, flags: { 'net-raw': 'true' }, findings: [{ flag: 'net-raw', value: 'true', expected: 'false' }] },
      ];
    });
    expect(gate.areas.security.verdict).toBe('FAIL');
    expect(gate.areas.security.reasons.join()).toMatch(/gVisor configuration departs from the declared policy: w2: --net-raw=true \(declared false\)/);
    expect(renderGateMarkdown(gate)).toMatch(/### gVisor configuration per node[\s\S]*\| w2 \| {2}\| none \| 1 \| \*\*true\*\* \| \*\*FAIL\*\* `--net-raw=true`/);
  });
  it('an accepted gVisor deviation is a note and the area can pass; the gate applies its own exceptions', () => {
    const r = passingRun();
    r.gvisorConfig = [{ node: 'w2', sandboxes: 1, flags: {}, findings: [{ flag: 'net-raw', value: 'true', expected: 'false' }] }];
    const t = testThresholds();
    t.security.gvisor.exceptions = [{ flag: 'net-raw', value: 'true', reason: 'ping' }];
    const gate = computeGate(r, t, { generatedAt: at });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.security.reasons.join()).toMatch(/gVisor configuration as declared on w2/);
    expect(gate.areas.security.notes.join()).toMatch(/accepted gVisor deviations: w2: --net-raw=true \(declared false\), accepted: ping/);
  });
  it('a tenant policy that did not stop the connection fails: NetworkPolicy is not enforced, naming what was reached', () => {
    const gate = gateOf((r) => {
      r.networkPolicy = [
        { runtime: 'runc', reachableBefore: true, enforced: false, allowedKept: false, target: 'ns/victim 10.0.0.5:8080', detail: 'victim last answered 29 s after' },
        { runtime: 'runsc', reachableBefore: true, enforced: true, enforceMs: 400, allowedKept: true, target: 'ns/victim 10.0.0.5:8080', detail: 'ok' },
      ];
    });
    expect(gate.areas.security.verdict).toBe('FAIL');
    expect(gate.areas.security.reasons.join()).toMatch(/NetworkPolicy is not enforced: tenant pods reached ns\/victim 10\.0\.0\.5:8080 \(runc\)/);
  });
  it('enforced tenant policies pass and give the time to enforcement, p50 and max', () => {
    const gate = gateOf((r) => {
      r.networkPolicy = [100, 300, 900].map((ms) => ({ runtime: 'runsc' as const, reachableBefore: true, enforced: true, enforceMs: ms, allowedKept: true, target: 't', detail: 'ok' }));
    });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.security.figures).toEqual(expect.arrayContaining([
      { name: 'NetworkPolicy enforced after (p50)', value: 300, unit: 'ms' },
      { name: 'NetworkPolicy enforced after (max)', value: 900, unit: 'ms' },
    ]));
  });
  it('a tenant policy that cut DNS or the named service fails; a trial whose control failed proves nothing', () => {
    const cut = gateOf((r) => {
      r.networkPolicy = [{ runtime: 'runc', reachableBefore: true, enforced: true, enforceMs: 100, allowedKept: false, target: 't', detail: 'dns fail' }];
    });
    expect(cut.areas.security.reasons.join()).toMatch(/also cut what it allows/);
    const blind = gateOf((r) => {
      r.networkPolicy = [{ runtime: 'runc', reachableBefore: false, enforced: false, allowedKept: false, target: 't', detail: 'nothing answered' }];
    });
    expect(blind.areas.security).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['probe-invalid'] });
  });
  it('coverage, not counts: a category in which nothing was judged makes the area INCONCLUSIVE, naming it and why', () => {
    const gate = gateOf((r) => {
      r.security.push(attempt('dev.mem-read', { category: 'device', verdict: 'not-applicable', detail: 'the node has no /dev/mem' }));
    });
    expect(gate.areas.security).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['no-data'] });
    expect(gate.areas.security.reasons.join()).toMatch(/nothing in category device was judged against hardened runsc pods: dev\.mem-read not-applicable \(the node has no \/dev\/mem\)/);
    expect(renderGateMarkdown(gate)).toMatch(/\| device \| 1 \| \*\*0\*\* \|/);
  });
  it('the PASS line states judged and unjudged attempts', () => {
    const gate = gateOf((r) => {
      r.security.push(attempt('fs.extra', { category: 'filesystem', verdict: 'not-applicable' }));
    });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.security.reasons[0]).toMatch(/attempt\(s\) against hardened runsc pods, 0 escape\(s\); \d+ judged, 1 unjudged/);
  });
  it('kernel attack surface is reported apart and never counted: not as attempts, not as escapes, not for coverage', () => {
    const plain = gateOf(() => undefined);
    const gate = gateOf((r) => {
      r.security.push(attempt('mount.proc', { category: 'mount', verdict: 'escaped', scope: 'attack-surface', probeOutcome: 'succeeded' }));
      r.security.push(attempt('mount.proc', { category: 'mount', runtime: 'runc', verdict: 'blocked-by-policy', scope: 'attack-surface', probeOutcome: 'blocked' }));
    });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.security.figures.find((f) => f.name === 'hardened runsc attempts')?.value).toBe(plain.areas.security.figures.find((f) => f.name === 'hardened runsc attempts')?.value);
    expect(gate.areas.security.categories.map((c) => c.category)).not.toContain('mount');
    expect(gate.areas.security.attackSurface).toEqual([
      { id: 'mount.proc', runtime: 'runsc', profile: 'hardened', kernel: 'sentry', answer: 'granted' },
      { id: 'mount.proc', runtime: 'runc', profile: 'hardened', kernel: 'host', answer: 'denied' },
    ]);
    expect(renderGateMarkdown(gate)).toMatch(/### Kernel attack surface[\s\S]*\| mount\.proc \| denied by the host kernel \| {2}\| granted by the Sentry \|/);
  });
  it('a hardened runc escape is a note, not a failure; so is a blocked control', () => {
    const gate = gateOf((r) => {
      r.security.push(attempt('host-proc-read', { runtime: 'runc', verdict: 'escaped' }));
      r.security.push(attempt('metadata-egress', { runtime: 'runc', profile: 'control', verdict: 'blocked-by-policy' }));
    });
    expect(gate.areas.security.verdict).toBe('PASS');
    expect(gate.areas.security.notes).toHaveLength(2);
  });
  it('no hardened runsc attempts: INCONCLUSIVE (no-data), never PASS', () => {
    const gate = gateOf((r) => {
      r.security = [];
    });
    expect(gate.areas.security).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['no-data'] });
    expect(gate).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 1 });
  });
});

describe('performance rules (limits: added start cost hi ≤ 300 ms by default, ratio hi ≤ 1.20 when configured, ≥ 28 successes)', () => {
  const withCondition = (c: ReturnType<typeof condition>, t = testThresholds()) => gateOf((r) => (r.performance = [c, condition(4), condition(8)]), t);
  const ci = (estimate: number, lo: number, hi: number, statistic: 'ratio' | 'difference') =>
    ({ statistic, paired: true, estimate, lo, hi, level: 0.95, resamples: 2000, seed: 1 }) as const;
  const rules = (...startRules: PerformanceThresholds['startRules']) => {
    const t = testThresholds();
    t.performance.startRules = startRules;
    return t;
  };

  it("judges runsc's added cost on its clock by the upper bound: 300 ms passes, 301 ms fails", () => {
    expect(withCondition(condition(1, { startCost: criStartCost(250, 200, 300) })).areas.performance.verdict).toBe('PASS');
    const g = withCondition(condition(1, { startCost: criStartCost(250, 200, 301) }));
    expect(g.areas.performance.verdict).toBe('FAIL');
    expect(g.areas.performance.reasons[0]).toBe("concurrency-1: runsc's added start cost on containerd's CRI clock (criRuntime) 250 ms [200, 301] above 300 ms at its upper bound");
  });

  it('reports the user-visible total beside it, unjudged unless configured', () => {
    const slowTotal = condition(1, { ratio: ci(2.1, 1.9, 2.4, 'ratio'), delta: ci(900, 700, 1000, 'difference') });
    const g = withCondition(slowTotal);
    expect(g.areas.performance.verdict).toBe('PASS');
    expect(g.areas.performance.conditions[0]?.figures).toContainEqual({ name: 'total ratio CI upper bound (unjudged)', value: 2.4, unit: 'ratio' });
    expect(g.areas.performance.conditions[0]?.figures).toContainEqual({ name: 'total delta (unjudged)', value: 900, unit: 'ms' });
    expect(withCondition(slowTotal, rules('runtime-added-ms', 'total-added-ms')).areas.performance.reasons[0]).toBe(
      'concurrency-1: the user-visible start delta (total) 900 ms [700, 1000] above 300 ms at its upper bound',
    );
  });

  it('total-ratio, when configured: an upper bound exactly at the limit passes; just above fails', () => {
    expect(withCondition(condition(1, { ratio: ci(1.15, 1.1, 1.2, 'ratio') }), rules('total-ratio')).areas.performance.verdict).toBe('PASS');
    const g = withCondition(condition(1, { ratio: ci(1.15, 1.1, 1.2001, 'ratio') }), rules('total-ratio'));
    expect(g.areas.performance.verdict).toBe('FAIL');
    expect(g.areas.performance.reasons[0]).toBe('concurrency-1: the runsc/runc median ratio of the total 1.150 [1.100, 1.200] above 1.2 at its upper bound');
  });

  it('a CI resampled from fewer than 4 rounds is reported, never judged either way', () => {
    const oneRound = criStartCost(968, 968, 968);
    oneRound.delta.blocks = 1;
    const g = withCondition(condition(8, { name: 'concurrency-8', concurrency: 8, startCost: oneRound }));
    const c8 = g.areas.performance.conditions[0];
    expect(c8).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['insufficient-data'] });
    expect(c8?.reasons).toEqual(['concurrency-8: runtime-added-ms rests on only 1 round(s) of 8 pods, fewer than the 4 independent rounds a confidence interval needs']);
    expect(c8?.figures).toContainEqual({ name: 'added start cost CI upper bound (criRuntime) (too few rounds, unjudged)', value: 968, unit: 'ms' });
    const fourRounds = criStartCost(968, 900, 1000);
    fourRounds.delta.blocks = 4;
    expect(withCondition(condition(8, { startCost: fourRounds })).areas.performance.conditions[0]?.verdict).toBe('FAIL');
  });

  it('a record without a clock choice is judged on its total', () => {
    const old = condition(1, { delta: ci(250, 200, 320, 'difference') });
    delete old.startCost;
    expect(withCondition(old).areas.performance.reasons[0]).toBe("concurrency-1: runsc's added start cost on the user-visible total (total) 250 ms [200, 320] above 300 ms at its upper bound");
  });

  it('overloaded: INCONCLUSIVE (overload) even with a bad ratio, and exit 2', () => {
    const c = condition(8, { ratio: ci(1.5, 1.4, 1.6, 'ratio') });
    c.load.cpuUtilization.max = 0.95;
    const g = gateOf((r) => (r.performance = [condition(1), condition(4), c]));
    expect(g.areas.performance).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['overload'] });
    expect(g.areas.performance.reasons[0]).toMatch(/concurrency-8: cluster overloaded \(busiest node CPU 0.95 > limit 0.9\)/);
    expect(g).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 2 });
  });

  it('too few successful pairs: INCONCLUSIVE (insufficient-data), exit 1', () => {
    const g = withCondition(condition(1, { successes: 27 }));
    expect(g.areas.performance).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['insufficient-data'] });
    expect(g.areas.performance.reasons[0]).toBe('concurrency-1: 27 of 32 pairs succeeded, fewer than the 28 needed');
    expect(g.exitCode).toBe(1);
  });

  it('cpu-stress is judged against its own bar: minSuccesses in the proportion of stressPairs to pairs', () => {
    const stress = (successes: number) => withCondition({ ...condition(1, { successes, pairs: 16 }), name: 'cpu-stress' });
    expect(stress(14).areas.performance.verdict).toBe('PASS');
    expect(stress(13).areas.performance.reasons[0]).toBe('cpu-stress: 13 of 16 pairs succeeded, fewer than the 14 needed');
  });

  it('too few pairs can refute the claim but never pass it: a whole 95 % interval beyond the limit fails', () => {
    const slow = { startCost: criStartCost(2160, 1907, 2506) };
    const g = withCondition(condition(1, { successes: 8, pairs: 8, ...slow }));
    expect(g.areas.performance.verdict).toBe('FAIL');
    expect(g.areas.performance.reasons.join()).toMatch(/added start cost on containerd's CRI clock \(criRuntime\) 2160 ms \[1907, 2506\] above 300 ms even at its 95 % lower bound, with only 8 pairs/);
    // An interval that reaches below the limit stays INCONCLUSIVE with few pairs.
    const unclear = { startCost: criStartCost(400, 250, 600) };
    expect(withCondition(condition(1, { successes: 8, pairs: 8, ...unclear })).areas.performance.verdict).toBe('INCONCLUSIVE');
    // Overloaded: the load may explain it, so no refutation either.
    const busy = condition(1, { successes: 8, pairs: 8, ...slow, load: { ...condition(1).load, cpuUtilization: { mean: 0.99, max: 1 } } });
    expect(withCondition(busy).areas.performance.verdict).toBe('INCONCLUSIVE');
  });

  it('a condition without confidence intervals is INCONCLUSIVE', () => {
    const c = condition(1, { successes: 1 });
    delete c.delta;
    delete c.ratio;
    delete c.startCost;
    expect(withCondition(c).areas.performance.conditions[0]).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['insufficient-data'] });
  });

  it('a configured concurrency level without a condition is INCONCLUSIVE (no-data)', () => {
    const g = gateOf((r) => (r.performance = [condition(1), condition(4)]));
    expect(g.areas.performance).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['no-data'] });
    expect(g.areas.performance.reasons).toContain('no condition measured at concurrency 8');
  });

  it('one failing condition fails the area even if another is inconclusive', () => {
    const g = gateOf((r) => (r.performance = [condition(1, { startCost: criStartCost(330, 310, 350) }), condition(4, { successes: 3 }), condition(8)]));
    expect(g.areas.performance.verdict).toBe('FAIL');
    expect(g.areas.performance.causes).toEqual([]);
  });

  it('the area headline is the worst judged figures; inconclusive conditions do not count', () => {
    const over = condition(8, { ratio: ci(1.5, 1.4, 1.6, 'ratio'), startCost: criStartCost(400, 350, 450) });
    over.load.pendingPods = 20;
    const t = rules('runtime-added-ms', 'total-ratio');
    const g = gateOf((r) => (r.performance = [condition(1, { ratio: ci(1.12, 1.08, 1.15, 'ratio') }), condition(4, { startCost: criStartCost(120, 100, 140) }), over]), t);
    expect(g.areas.performance.figures).toEqual([
      { name: 'worst added start cost CI upper bound', value: 140, unit: 'ms', limit: 300, ok: true },
      { name: 'worst total ratio CI upper bound', value: 1.15, unit: 'ratio', limit: 1.2, ok: true },
      { name: 'worst workload time ratio CI upper bound', value: 1.09, unit: 'ratio', limit: 1.2, ok: true },
    ]);
  });

  it('a measured p50 far below the kubelet SLI is noted', () => {
    const g = withCondition(condition(1, { kubeletSli: { runc: { p50Ms: 1500, p99Ms: 2500, count: 32 } } }));
    expect(g.areas.performance.notes[0]).toMatch(/runc measured p50 1000 ms is below the kubelet SLI p50 1500 ms/);
    expect(g.areas.performance.verdict).toBe('PASS');
  });
});

describe('resilience rules', () => {
  it('a failed scenario fails', () => {
    const g = gateOf((r) => r.resilience.push(scenario('gvisor-daemonset-delete', [], { passed: false })));
    expect(g.areas.resilience.verdict).toBe('FAIL');
    expect(g.areas.resilience.reasons).toContain('gvisor-daemonset-delete (runsc): failed');
  });
  it('a figure over its threshold fails (60 000 ms default for containerd recovery)', () => {
    const ok = gateOf((r) => (r.resilience[0] = scenario('containerd-restart', [{ name: 'containerd-recovery', valueMs: 60_000 }])));
    expect(ok.areas.resilience.verdict).toBe('PASS');
    const slow = gateOf((r) => (r.resilience[0] = scenario('containerd-restart', [{ name: 'containerd-recovery', valueMs: 60_001 }])));
    expect(slow.areas.resilience.reasons).toContain('containerd-restart (runsc): containerd-recovery took 60001 ms, above 60000 ms');
  });
  it('one lost result fails (maxLostResults 0)', () => {
    const g = gateOf((r) => {
      if (r.resilience[0]) r.resilience[0].lostResults = 1;
    });
    expect(g.areas.resilience.verdict).toBe('FAIL');
    expect(g.areas.resilience.figures[0]).toEqual({ name: 'lost results', value: 1, unit: 'count', limit: 0, ok: false });
  });
  it('a scenario with an infrastructure problem is INCONCLUSIVE (infrastructure), exit 2', () => {
    const g = gateOf((r) => r.resilience.push(scenario('node-loss-2', [], { passed: false, infrastructureProblem: 'worker did not come back' })));
    expect(g.areas.resilience).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['infrastructure'] });
    expect(g.exitCode).toBe(2);
  });
  it('no scenarios: INCONCLUSIVE (no-data)', () => {
    expect(gateOf((r) => (r.resilience = [])).areas.resilience).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['no-data'] });
  });
});

describe('run-level infrastructure problems', () => {
  it('turn a PASS area INCONCLUSIVE (infrastructure) and leave a FAIL a FAIL', () => {
    const g = gateOf((r) => {
      r.infrastructureProblems = [
        { area: 'resilience', message: 'chaos-mesh not installed' },
        { area: 'security', message: 'canary unreachable' },
      ];
      r.security.push(attempt('x', { verdict: 'escaped' }));
    });
    expect(g.areas.resilience).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['infrastructure'] });
    expect(g.areas.resilience.reasons).toContain('infrastructure: chaos-mesh not installed');
    expect(g.areas.security).toMatchObject({ verdict: 'FAIL', causes: [] });
    expect(g.exitCode).toBe(1);
  });
});

describe('a partial rerun (gauntlet run --rerun-failed)', () => {
  const rerunOf = { runId: '20260101-000000-aaaa', tests: ['tenant egress policy under runc stops it', 'tenant egress policy under runsc stops it'], unmatched: ['a test renamed since'] };
  const g = gateOf((r) => {
    r.rerunOf = rerunOf;
    r.suites = [{ project: 'isolation', area: 'security', exitCode: 0, tests: { total: 2, passed: 2, failed: 0, skipped: 0 }, failedTests: [], durationMs: 1000 }];
  });

  it('keeps the rerun in gate.json, says it first in each judged area and in the exit reason', () => {
    expect(g.rerunOf).toEqual(rerunOf);
    expect(g.scope).toEqual(['security']);
    expect(g.areas.security.reasons[0]).toBe('partial rerun of run 20260101-000000-aaaa: only the 2 test(s) that failed or were inconclusive there ran again; 1 of its failed or inconclusive test(s) could not be matched and were not rerun; the verdict covers what they recorded, not the whole area');
    expect(g.areas.performance.reasons.join(' ')).not.toContain('partial rerun');
    expect(g.exitReason).toBe('security passed (partial run: security judged; performance, resilience, compatibility not run) (partial rerun of run 20260101-000000-aaaa: 2 test(s))');
    expect(parseGate(JSON.parse(JSON.stringify(g)))).toEqual(g);
  });

  it('gate.md says so in its header, with what ran and what could not be matched', () => {
    const md = renderGateMarkdown(g);
    expect(md.split('\n')[0]).toBe('# Gate: PASS (exit 0), partial rerun of run 20260101-000000-aaaa (2 test(s)), partial run: security only');
    expect(md).toContain('> **Partial rerun** of run `20260101-000000-aaaa`: only its 2 failed or inconclusive test(s) ran again');
    expect(md).toContain('Rerun: `tenant egress policy under runc stops it`, `tenant egress policy under runsc stops it`.');
    expect(md).toContain('> Not rerun: 1 failed or inconclusive test(s) of that run match no test now: `a test renamed since`.');
    expect(md).toContain('- partial rerun of run 20260101-000000-aaaa: only the 2 test(s)');
  });

  it('a full run has none of it', () => {
    const full = gateOf();
    expect(full.rerunOf).toBeUndefined();
    expect(renderGateMarkdown(full)).not.toContain('rerun');
  });
});

describe('parsing documents from disk', () => {
  it('accepts valid run results and rejects a broken document with the field named', () => {
    expect(parseRunResults(JSON.parse(JSON.stringify(passingRun())))).toEqual(passingRun());
    const bad = { ...passingRun(), security: [{ ...attempt('a'), verdict: 'maybe' }] };
    expect(() => parseRunResults(bad)).toThrow(BadInputError);
    expect(() => parseRunResults(bad)).toThrow(/security\[0\]\.verdict/);
  });
  it('rejects a gate of another schema version', () => {
    expect(() => parseGate({ schema: 'sandbox-gauntlet/gate/v0' })).toThrow(/this harness reads sandbox-gauntlet\/gate\/v1/);
  });
});

describe('an interrupted run', () => {
  const interrupted = (patch: Partial<RunResults> = {}): RunResults => ({
    ...passingRun(),
    suites: [],
    interrupted: { signal: 'SIGINT', at: '2026-12-01T15:00:00.000Z', notRun: ['chaos'] },
    ...patch,
  });

  it('is INCONCLUSIVE (interrupted) with exit 130, never PASS, and counts the suites it never started', () => {
    const gate = computeGate(interrupted(), testThresholds());
    expect(gate.verdict).toBe('INCONCLUSIVE');
    expect(gate.exitCode).toBe(130);
    expect(gate.areas.resilience.causes).toEqual(['interrupted']);
    expect(gate.areas.resilience.reasons.join(' ')).toContain('never started: chaos');
    expect(gate.interrupted?.signal).toBe('SIGINT');
    expect(renderGateMarkdown(gate)).toContain('> **Interrupted** by SIGINT at 2026-12-01T15:00:00.000Z');
  });

  it('lists the tests the undo ended as failed without judging them', () => {
    const suite = { project: 'chaos', area: 'resilience' as const, exitCode: 1, durationMs: 1, tests: { total: 2, passed: 0, failed: 1, skipped: 1 }, failedTests: ['node loss under runc'] };
    const gate = computeGate(interrupted({ suites: [suite] }), testThresholds());
    expect(gate.areas.resilience.verdict).toBe('INCONCLUSIVE');
    expect(gate.areas.resilience.reasons.join(' ')).toContain('not judged, the run was interrupted');
  });

  it('keeps a FAIL seen before the signal', () => {
    const r = interrupted();
    r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' }));
    const gate = computeGate(r, testThresholds());
    expect(gate.areas.security.verdict).toBe('FAIL');
    expect(gate.areas.performance.causes).toEqual(['interrupted']);
    expect(gate.verdict).toBe('FAIL');
  });
});
