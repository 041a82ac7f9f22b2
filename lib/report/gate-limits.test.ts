import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import { judgeLimit, judgeLimits, limitNotes } from './gate-limits.js';
import { passingRun, testThresholds } from './gate-test-data.js';
import type { LimitCheck } from './gate-schema.js';
import { renderLimitsTable } from '../limits/table.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { gateItems } from './gate-junit-items.js';

const check = (patch: Partial<LimitCheck> & Pick<LimitCheck, 'runtime'>): LimitCheck => ({
  limit: 'ephemeral-storage-rootfs',
  node: 'gauntlet-worker',
  setting: 'ephemeral-storage 64Mi',
  status: 'enforced',
  outcome: 'evicted 8 s after it started, writing 128 MiB to its rootfs against a 64 MiB limit',
  control: 'a pod writing below its limit completed',
  figures: [{ name: 'evicted after', value: 8.2, unit: 's' }],
  ...patch,
});

const notEvicted = check({ runtime: 'runsc', status: 'not-enforced', outcome: 'not evicted: still running after writing 128 MiB to its rootfs', how: 'the kubelet counted 0.0 MiB of ephemeral storage and a memory working set of 147 MiB' });

describe('one resource limit, runsc held to runc', () => {
  it('enforced under both is a PASS', () => {
    expect(judgeLimit('ephemeral-storage-rootfs', check({ runtime: 'runc' }), check({ runtime: 'runsc' }))).toMatchObject({ verdict: 'PASS', reasons: [] });
  });
  it('enforced under runc but not under runsc FAILs with runsc\'s evidence', () => {
    const r = judgeLimit('ephemeral-storage-rootfs', check({ runtime: 'runc' }), notEvicted);
    expect(r.verdict).toBe('FAIL');
    expect(r.reasons[0]).toMatch(/enforced under runc \(evicted 8 s.*\) but not under runsc: not evicted.*memory working set of 147 MiB/);
  });
  it('not enforced under runsc, with a written exception: PASS marked accepted with its reason; the exception never covers runc', () => {
    const reason = 'rootfs writes are held in the sandbox memory here';
    const r = judgeLimit('ephemeral-storage-rootfs', check({ runtime: 'runc' }), notEvicted, { limit: 'ephemeral-storage-rootfs', reason });
    expect(r).toMatchObject({ verdict: 'PASS', acceptedBecause: reason });
    expect(r.reasons[0]).toMatch(/not enforced under runsc .*accepted: rootfs writes/);
    expect(limitNotes([r]), 'an accepted limit is not "enforced differently"').toEqual([]);
    expect(judgeLimits([check({ runtime: 'runc' }), notEvicted], [{ limit: 'memory', reason }])[0]?.verdict).toBe('FAIL');
    expect(judgeLimit('ephemeral-storage-rootfs', check({ runtime: 'runc', status: 'not-enforced' }), notEvicted, { limit: 'ephemeral-storage-rootfs', reason }).verdict).toBe('INCONCLUSIVE');
  });
  it('not enforced under runc proves nothing about runsc: INCONCLUSIVE (probe-invalid)', () => {
    const r = judgeLimit('pids', check({ runtime: 'runc', limit: 'pids', status: 'not-configured', outcome: 'the node sets no per-pod PID limit' }), check({ runtime: 'runsc', limit: 'pids', status: 'not-configured' }));
    expect(r).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['probe-invalid'] });
    expect(r.reasons[0]).toMatch(/under runc not-configured: the node sets no per-pod PID limit/);
  });
  it('a failed runsc control is INCONCLUSIVE, never a PASS', () => {
    expect(judgeLimit('cpu', check({ runtime: 'runc', limit: 'cpu' }), check({ runtime: 'runsc', limit: 'cpu', status: 'control-failed' }))).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['probe-invalid'] });
  });
  it('one runtime only is INCONCLUSIVE (insufficient-data)', () => {
    expect(judgeLimit('cpu', check({ runtime: 'runc', limit: 'cpu' }), undefined)).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['insufficient-data'] });
  });
  it('judges each limit on its newest record per runtime', () => {
    const r = judgeLimits([check({ runtime: 'runc' }), notEvicted, check({ runtime: 'runsc' })]);
    expect(r).toHaveLength(1);
    expect(r[0]?.verdict).toBe('PASS');
  });
});

describe('resource limits in the gate', () => {
  const run = (limits: LimitCheck[]) => computeGate({ ...passingRun(), limits }, testThresholds(), { generatedAt: '2026-12-01T00:00:00Z' });

  it('a limit runsc does not enforce fails the compatibility area and the gate', () => {
    const gate = run([check({ runtime: 'runc' }), notEvicted]);
    expect(gate.areas.compatibility.verdict).toBe('FAIL');
    expect(gate.verdict).toBe('FAIL');
    expect(gate.areas.compatibility.figures).toContainEqual({ name: 'resource limits runc enforces that runsc does not', value: 1, unit: 'count', limit: 0, ok: false });
    expect(gate.areas.compatibility.limits[0]?.runsc?.how).toMatch(/memory working set/);
  });

  it('limits enforced under both keep the area PASS, with how runsc enforces as a note', () => {
    const gate = run([check({ runtime: 'runc', limit: 'memory' }), check({ runtime: 'runsc', limit: 'memory', how: 'the Sentry counts in the limit: the workload reached 104 of 128 MiB' })]);
    expect(gate.areas.compatibility.verdict).toBe('PASS');
    expect(gate.areas.compatibility.reasons[0]).toMatch(/1 resource limit\(s\) enforced under runsc as under runc/);
    expect(gate.areas.compatibility.notes).toContain('limit memory: enforced under runsc too, differently: the Sentry counts in the limit: the workload reached 104 of 128 MiB');
  });

  it('the table shows both runtimes and the gate\'s reason', () => {
    const table = renderLimitsTable(judgeLimits([check({ runtime: 'runc' }), notEvicted]));
    expect(table).toMatch(/ephemeral-storage-rootfs\s+enforced\s+not-enforced\s+FAIL/);
    expect(table).toContain('gate: limit ephemeral-storage-rootfs');
  });

  it('gate.md and the CI items show the limit, its FAIL and runsc\'s evidence', () => {
    const gate = run([check({ runtime: 'runc' }), notEvicted]);
    const md = renderGateMarkdown(gate);
    expect(md).toContain('#### Resource limits');
    expect(md).toMatch(/\| ephemeral-storage-rootfs \| ephemeral-storage 64Mi \| enforced: evicted 8 s.* \| not-enforced: not evicted.* \| \*\*FAIL\*\* \|/);
    const item = gateItems(gate).find((i) => i.name === 'limit ephemeral-storage-rootfs');
    expect(item?.outcome.status).toBe('failed');
    expect(item?.notes[0]).toMatch(/memory working set of 147 MiB/);
  });
});
