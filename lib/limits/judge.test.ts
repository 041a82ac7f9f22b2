import { describe, expect, it } from 'vitest';
import { judgeCpu, judgeMemory, judgePids, judgeStorage, type PidsObservation } from './judge.js';

describe('judgeMemory', () => {
  const base = { limitMiB: 128, allocationMiB: 256 };
  const controlOk = { exitCode: 0, reason: 'Completed', held: true };
  it('is enforced when the limited pod is OOM-killed and the unlimited one holds it all', () => {
    const j = judgeMemory({ ...base, limited: { reason: 'OOMKilled', exitCode: 137, allocatedMiB: 120, held: false }, control: controlOk });
    expect(j.status).toBe('enforced');
    expect(j.outcome).toMatch(/^OOM-killed \(exit 137\) after allocating 120 of 256 MiB/);
  });
  it('is not enforced when the limited pod holds everything', () => {
    expect(judgeMemory({ ...base, limited: { reason: 'Completed', exitCode: 0, allocatedMiB: 256, held: true }, control: controlOk }).status).toBe('not-enforced');
  });
  it('proves nothing when the control could not hold the allocation either', () => {
    expect(judgeMemory({ ...base, limited: { reason: 'OOMKilled', exitCode: 137, allocatedMiB: 120, held: false }, control: { reason: 'OOMKilled', exitCode: 137, held: false } }).status).toBe('control-failed');
  });
  it('is unclear when the limited pod ended some other way', () => {
    expect(judgeMemory({ ...base, limited: { reason: 'Error', exitCode: 1, allocatedMiB: 8, held: false }, control: controlOk }).status).toBe('unclear');
  });
});

describe('judgeCpu', () => {
  const base = { limitCores: 0.5, tolerance: 0.1, windowS: 30 };
  it('is enforced within the bound when the control goes beyond it', () => {
    expect(judgeCpu({ ...base, limitedCores: 0.54, controlCores: 1.2 }).status).toBe('enforced');
  });
  it('is not enforced beyond the bound', () => {
    expect(judgeCpu({ ...base, limitedCores: 0.56, controlCores: 1.2 }).status).toBe('not-enforced');
  });
  it('proves nothing when the unlimited pod could not exceed the bound on a busy machine', () => {
    expect(judgeCpu({ ...base, limitedCores: 0.5, controlCores: 0.55 }).status).toBe('control-failed');
  });
});

describe('judgePids', () => {
  const base: PidsObservation = { podPidsLimit: 1024, cap: 2048, forked: 1022, finished: true, stoppedBy: 'EAGAIN', bombEnd: { running: true }, peakPids: 1024, refused: 1, neighbourRan: true, neighbour: 'ok', nodeReady: true };
  it('is enforced when forks stop at the limit and the neighbour runs', () => {
    expect(judgePids(base).status).toBe('enforced');
  });
  it('is enforced when the sandbox died at the limit, the cgroup never above it', () => {
    expect(judgePids({ ...base, forked: 384, finished: false, bombEnd: { reason: 'Error', exitCode: 128 } }).status).toBe('enforced');
  });
  it('is not enforced when the cap was reached or the cgroup went past the limit', () => {
    expect(judgePids({ ...base, forked: 2048, stoppedBy: 'cap reached' }).status).toBe('not-enforced');
    expect(judgePids({ ...base, peakPids: 1500 }).status).toBe('not-enforced');
  });
  it('is not configured when the node sets no PID limit, never enforced', () => {
    expect(judgePids({ ...base, podPidsLimit: undefined }).status).toBe('not-configured');
  });
  it('is unclear when the neighbour did not run or the node is not Ready', () => {
    expect(judgePids({ ...base, neighbourRan: false, neighbour: 'Pending' }).status).toBe('unclear');
    expect(judgePids({ ...base, nodeReady: false }).status).toBe('unclear');
  });
});

describe('judgeStorage', () => {
  const base = { limitMiB: 64, overMiB: 128, place: 'rootfs' };
  const controlOk = { reason: 'Completed', exitCode: 0 };
  it('is enforced when the over-writer is evicted and the control completes', () => {
    const j = judgeStorage({ ...base, over: { reason: 'Evicted', wrote: true, afterMs: 8200 }, control: controlOk });
    expect(j.status).toBe('enforced');
    expect(j.outcome).toMatch(/^evicted 8 s after/);
  });
  it('is not enforced when the over-writer wrote everything and still runs', () => {
    expect(judgeStorage({ ...base, over: { running: true, wrote: true }, control: controlOk }).status).toBe('not-enforced');
  });
  it('proves nothing when the control was evicted too', () => {
    expect(judgeStorage({ ...base, over: { reason: 'Evicted', wrote: true }, control: { reason: 'Evicted', exitCode: 137 } }).status).toBe('control-failed');
  });
  it('is unclear when the write itself failed', () => {
    expect(judgeStorage({ ...base, over: { reason: 'Error', exitCode: 1, wrote: false }, control: controlOk }).status).toBe('unclear');
  });
});
