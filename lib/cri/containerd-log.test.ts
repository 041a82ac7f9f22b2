import { describe, expect, it } from 'vitest';
import { criPhasesFromLog, epochMsOf, stoppedSandboxes } from './containerd-log.js';

// containerd 1.7.30's own lines from a local worker's journal (`journalctl -u containerd -o cat`).
const uid = 'd9bd4414-0eb7-41f3-afa9-130cdb4d0ddc';
const sid = 'aac4475458dadf18d9b50ae4c1caefa5e7f3f40b15fd225b53e65e9cf20a1362';
const cid = '2bf9ee2dd1f9cc4711109a51446f372e17ef5ab4646c0380f75198202d613c04';
const log = [
  `time="2026-12-01T15:31:35.076433678Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:start-calibrate-runc-4,Uid:${uid},Namespace:gauntlet-performance-dj0wl,Attempt:0,}"`,
  `time="2026-12-01T15:31:35.100000000Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:other,Uid:11111111-2222-3333-4444-555555555555,Namespace:x,Attempt:0,}"`,
  `time="2026-12-01T15:31:35.247166883Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:start-calibrate-runc-4,Uid:${uid},Namespace:gauntlet-performance-dj0wl,Attempt:0,} returns sandbox id \\"${sid}\\""`,
  `time="2026-12-01T15:31:35.250689189Z" level=info msg="CreateContainer within sandbox \\"${sid}\\" for container &ContainerMetadata{Name:probe,Attempt:0,}"`,
  `time="2026-12-01T15:31:35.258051344Z" level=info msg="CreateContainer within sandbox \\"${sid}\\" for &ContainerMetadata{Name:probe,Attempt:0,} returns container id \\"${cid}\\""`,
  `time="2026-12-01T15:31:35.258803550Z" level=info msg="StartContainer for \\"${cid}\\""`,
  'time="2026-12-01T15:31:35.300000000Z" level=info msg="unrelated line"',
  `time="2026-12-01T15:31:35.353248080Z" level=info msg="StartContainer for \\"${cid}\\" returns successfully"`,
].join('\n');

describe('criPhasesFromLog', () => {
  it("takes each CRI call from its request line to its return, per pod UID, in sub-millisecond steps", () => {
    const p = criPhasesFromLog(log, 'probe').get(uid);
    expect(p?.criSandbox).toBeCloseTo(170.733, 2);
    expect(p?.criKubeletGap).toBeCloseTo(3.522, 2);
    expect(p?.criCreate).toBeCloseTo(7.362, 2);
    expect(p?.criStart).toBeCloseTo(94.445, 2);
    expect(p?.criRuntime).toBeCloseTo(276.814, 2);
    expect(p?.startedAtEpochMs).toBeCloseTo(Date.parse('2026-12-01T15:31:35.353Z') + 0.248, 2);
    expect(p?.sandboxId).toBe(sid);
  });

  it('leaves out a pod whose lines are incomplete, and containers of another name', () => {
    const phases = criPhasesFromLog(log, 'probe');
    expect([...phases.keys()]).toEqual([uid]);
    expect(criPhasesFromLog(log, 'sidecar').size).toBe(0);
    expect(criPhasesFromLog(log.split('\n').filter((l) => !l.includes('returns successfully')).join('\n'), 'probe').size).toBe(0);
  });

  it('knows a sandbox as torn down only once its StopPodSandbox returned', () => {
    const asked = `time="2026-12-01T18:20:33.814287551Z" level=info msg="StopPodSandbox for \\"${sid}\\""`;
    const done = `time="2026-12-01T18:20:34.234008355Z" level=info msg="StopPodSandbox for \\"${sid}\\" returns successfully"`;
    expect(stoppedSandboxes([log, asked].join('\n')).size).toBe(0);
    expect([...stoppedSandboxes([log, asked, done].join('\n'))]).toEqual([sid]);
  });

  it('reads containerd stamps with their nanoseconds', () => {
    expect(epochMsOf('2026-12-01T15:31:35.076433678Z')).toBeCloseTo(Date.parse('2026-12-01T15:31:35.076Z') + 0.433678, 5);
    expect(epochMsOf('2026-12-01T15:31:35Z')).toBe(Date.parse('2026-12-01T15:31:35Z'));
    expect(epochMsOf('yesterday')).toBeUndefined();
  });
});

describe('breakdown', () => {
  it('splits a start into phases that add up to the launcher total, across the node clock offset', async () => {
    const { breakdown, breakdownPhases } = await import('./start-breakdown.js');
    const cri = { criSandbox: 400, criKubeletGap: 5, criCreate: 40, criStart: 300, criRuntime: 745, startedAtEpochMs: 10_000 + 2_000, sandboxId: 'ab' };
    // The node's clock runs 2000 ms ahead: its 12000 is the harness's 10000.
    const b = breakdown(cri, { createSent: 9_000 }, 1_300, { offsetMs: 2_000, uncertaintyMs: 5 });
    expect(b.criBeforeSandbox).toBe(255);
    expect(b.criKubeletReport).toBe(300);
    const sum = breakdownPhases.reduce((s, p) => s + (b[p] ?? 0), 0);
    expect(sum).toBe(1_300);
    expect(breakdown(cri, { createSent: 9_000 }, undefined, { offsetMs: 2_000, uncertaintyMs: 5 }).criKubeletReport).toBeUndefined();
  });
});
