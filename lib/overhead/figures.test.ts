import { describe, expect, it } from 'vitest';
import { podFigures, runtimeSummary } from './figures.js';
import type { PodProcess, PodProcessReading } from './pod-processes.js';

const proc = (pid: number, kind: PodProcess['kind'], cpuMs: number, pssKb = 1000, starttime = pid * 10): PodProcess => ({ pid, kind, name: kind, rssKb: pssKb * 2, pssKb, cpuMs, starttime });
const reading = (processes: PodProcess[]): PodProcessReading => ({ sandboxId: 'sb', clockTicks: 100, processes });

describe('podFigures', () => {
  const started = reading([proc(1, 'shim', 100), proc(2, 'sentry', 300), proc(3, 'gofer', 20), proc(4, 'app', 5), proc(9, 'runsc', 40)]);
  // `runsc` 9 ended before the idle readings; `runsc` 10 started after the first start reading.
  const idleFrom = reading([proc(1, 'shim', 110), proc(2, 'sentry', 900), proc(3, 'gofer', 20), proc(4, 'app', 5, 400)]);
  const idleTo = reading([proc(1, 'shim', 120, 5000), proc(2, 'sentry', 3000, 12000), proc(3, 'gofer', 20, 6000), proc(4, 'app', 6, 400), proc(10, 'runsc', 15, 4000)]);
  const f = podFigures({ runtime: 'runsc', pod: 'p', node: 'n', started, idleFrom, idleTo, idleMs: 30_000 });

  it('counts the start CPU of every overhead process first seen, one that ended since included, the application left out', () => {
    expect(f.overhead.startCpuMs).toBe(100 + 300 + 20 + 40);
  });

  it('scales the idle CPU of the overhead processes to a minute, a process new in the interval counted whole', () => {
    // shim 10 + sentry 2100 + gofer 0 + new runsc 15 = 2125 ms in 30 s.
    expect(f.overhead.idleCpuMsPerMin).toBe(4250);
  });

  it('takes memory at the end of the interval, the container\'s own apart', () => {
    expect(f.overhead.pssKb).toBe(5000 + 12000 + 6000 + 4000);
    expect(f.overhead.rssKb).toBe(2 * 27000);
    expect(f.workload).toEqual({ pssKb: 400, rssKb: 800 });
  });

  it('does not take a reused pid for the same process', () => {
    const reused = reading([proc(2, 'sentry', 50, 12000, 999_999)]);
    const g = podFigures({ runtime: 'runsc', pod: 'p', node: 'n', started, idleFrom, idleTo: reused, idleMs: 60_000 });
    expect(g.processes[0]).toMatchObject({ startCpuMs: 0, idleCpuMs: 50 });
  });
});

describe('runtimeSummary', () => {
  it('sums each kind per pod and summarises over the pods', () => {
    const pod = (sentryKb: number) =>
      podFigures({ runtime: 'runsc', pod: 'p', node: 'n', started: reading([]), idleFrom: reading([]), idleTo: reading([proc(1, 'shim', 0, 100), proc(2, 'shim', 0, 100), proc(3, 'sentry', 0, sentryKb)]), idleMs: 60_000 });
    const s = runtimeSummary([pod(1000), pod(3000)]);
    expect(s?.pods).toBe(2);
    expect(s?.kinds.shim?.processesPerPod).toBe(2);
    expect(s?.kinds.shim?.pssKb.p50).toBe(200);
    expect(s?.kinds.sentry?.pssKb.p50).toBe(2000);
    expect(s?.kinds.sentry?.pssKb.max).toBe(3000);
    expect(s?.overhead.pssKb.p50).toBe(2200);
    expect(s?.kinds.gofer).toBeUndefined();
    expect(runtimeSummary([])).toBeUndefined();
  });
});

describe('idle CPU per kind', () => {
  it('is each kind\'s own share of the idle interval, per minute', () => {
    const idleFrom = reading([proc(1, 'shim', 100), proc(2, 'sentry', 1000)]);
    const idleTo = reading([proc(1, 'shim', 110), proc(2, 'sentry', 2000)]);
    const s = runtimeSummary([podFigures({ runtime: 'runsc', pod: 'p', node: 'n', started: idleFrom, idleFrom, idleTo, idleMs: 30_000 })]);
    expect(s?.kinds.sentry?.idleCpuMsPerMin?.p50).toBe(2000);
    expect(s?.kinds.shim?.idleCpuMsPerMin?.p50).toBe(20);
  });
});
