/**
 * An idle pod's cost from three readings of its processes on the node: when it was first seen
 * running (CPU to start), and at the start and end of the idle interval (CPU per idle minute;
 * memory at the end). Then the figures per runtime over its pods. Pure.
 *
 * What is counted: every process tied to the pod (lib/overhead/pod-processes.ts) except the
 * container's own (runc: the container's processes; runsc: the Sentry's systrap stubs, which
 * hold the application's address spaces). PSS is each process's proportional share: a page
 * shared by k processes counts 1/k in each, so the shim's and runsc's binary text, shared by
 * every pod's copies on the node, is divided among them, and a sum of PSS over the node's
 * processes is the node's memory.
 */
import type { OverheadPod, RuntimeOverheadSummary } from '../report/gate-schema.js';
import type { Runtime } from '../runtimes.js';
import { summary } from '../stats/quantile.js';
import { isOverhead, processKinds } from './kinds.js';
import type { PodProcessReading } from './pod-processes.js';

export interface PodReadings {
  runtime: Runtime;
  pod: string;
  node: string;
  /** First seen running. */
  started: PodProcessReading;
  /** Start and end of the idle interval, and its length. */
  idleFrom: PodProcessReading;
  idleTo: PodProcessReading;
  idleMs: number;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Pure: one pod's figures. A process's idle CPU is its growth between the two idle readings
 * (a process new in the second counts whole; one gone by then is not in the memory either);
 * its start CPU is what it had used when the pod was first seen running.
 */
export function podFigures(r: PodReadings): OverheadPod {
  // A pid is one process only with the same start time (pids are reused).
  const key = (p: { pid: number; starttime: number }): string => `${p.pid}@${p.starttime}`;
  const atStart = new Map(r.started.processes.map((p) => [key(p), p.cpuMs]));
  const atIdle = new Map(r.idleFrom.processes.map((p) => [key(p), p.cpuMs]));
  const processes = r.idleTo.processes.map((p) => ({
    kind: p.kind,
    name: p.name,
    pid: p.pid,
    rssKb: p.rssKb,
    pssKb: p.pssKb,
    ...(p.pssAnonKb !== undefined && { pssAnonKb: p.pssAnonKb }),
    ...(p.pssFileKb !== undefined && { pssFileKb: p.pssFileKb }),
    ...(p.pssShmemKb !== undefined && { pssShmemKb: p.pssShmemKb }),
    ...(p.privateKb !== undefined && { privateKb: p.privateKb }),
    startCpuMs: atStart.get(key(p)) ?? 0,
    idleCpuMs: Math.max(0, p.cpuMs - (atIdle.get(key(p)) ?? 0)),
  }));
  const over = processes.filter((p) => isOverhead(p.kind));
  const own = processes.filter((p) => !isOverhead(p.kind));
  // Start CPU from the first reading itself: a process that ended after it still spent it.
  const startCpuMs = sum(r.started.processes.filter((p) => isOverhead(p.kind)).map((p) => p.cpuMs));
  return {
    runtime: r.runtime,
    pod: r.pod,
    node: r.node,
    sandboxId: r.idleTo.sandboxId,
    idleMs: r.idleMs,
    processes,
    overhead: {
      rssKb: sum(over.map((p) => p.rssKb)),
      pssKb: sum(over.map((p) => p.pssKb)),
      ...(over.every((p) => p.privateKb !== undefined) && { privateKb: sum(over.map((p) => p.privateKb ?? 0)) }),
      startCpuMs,
      idleCpuMsPerMin: r.idleMs > 0 ? (sum(over.map((p) => p.idleCpuMs)) * 60_000) / r.idleMs : 0,
    },
    workload: { rssKb: sum(own.map((p) => p.rssKb)), pssKb: sum(own.map((p) => p.pssKb)) },
  };
}

/** Pure: a runtime's figures over its pods; undefined without pods. */
export function runtimeSummary(pods: readonly OverheadPod[]): RuntimeOverheadSummary | undefined {
  if (pods.length === 0) return undefined;
  const kinds: RuntimeOverheadSummary['kinds'] = {};
  for (const k of processKinds) {
    const of = (p: OverheadPod): OverheadPod['processes'] => p.processes.filter((x) => x.kind === k);
    if (!pods.some((p) => of(p).length > 0)) continue;
    kinds[k] = {
      processesPerPod: sum(pods.map((p) => of(p).length)) / pods.length,
      rssKb: summary(pods.map((p) => sum(of(p).map((x) => x.rssKb)))),
      pssKb: summary(pods.map((p) => sum(of(p).map((x) => x.pssKb)))),
      ...(pods.every((p) => (p.idleMs ?? 0) > 0) && { idleCpuMsPerMin: summary(pods.map((p) => (sum(of(p).map((x) => x.idleCpuMs)) * 60_000) / (p.idleMs ?? 1))) }),
    };
  }
  return {
    pods: pods.length,
    kinds,
    overhead: {
      rssKb: summary(pods.map((p) => p.overhead.rssKb)),
      pssKb: summary(pods.map((p) => p.overhead.pssKb)),
      ...(pods.every((p) => p.overhead.privateKb !== undefined) && { privateKb: summary(pods.map((p) => p.overhead.privateKb ?? 0)) }),
      startCpuMs: summary(pods.map((p) => p.overhead.startCpuMs)),
      idleCpuMsPerMin: summary(pods.map((p) => p.overhead.idleCpuMsPerMin)),
    },
    workloadPssKb: summary(pods.map((p) => p.workload.pssKb)),
  };
}
