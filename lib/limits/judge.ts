/**
 * Pure: what each check's observations come to (lib/limits/kinds.ts statuses), with the sentence
 * the report shows. The suite observes, these decide; the gate then compares the runtimes
 * (lib/report/gate-limits.ts).
 */
import type { LimitStatus } from './kinds.js';

export interface Judged {
  status: LimitStatus;
  outcome: string;
  control: string;
}

/** How a pod's container ended, as the harness saw it. */
export interface PodEnd {
  /** Container terminated reason (OOMKilled, Error, Completed), or the pod's own reason (Evicted). */
  reason?: string;
  exitCode?: number;
  /** Still running when the harness stopped waiting. */
  running?: boolean;
}

const ended = (e: PodEnd): string => (e.running ? 'still running' : `${e.reason ?? 'terminated'}${e.exitCode !== undefined ? ` (exit ${e.exitCode})` : ''}`);

export function judgeMemory(o: { limitMiB: number; allocationMiB: number; limited: PodEnd & { allocatedMiB: number; held: boolean }; control: PodEnd & { held: boolean } }): Judged {
  const control = o.control.held && o.control.exitCode === 0 ? `without a limit the same ${o.allocationMiB} MiB was held and the pod completed` : `without a limit the pod did not hold ${o.allocationMiB} MiB: ${ended(o.control)}`;
  const outcome = `${ended(o.limited)} after allocating ${o.limited.allocatedMiB} of ${o.allocationMiB} MiB against a ${o.limitMiB} MiB limit`;
  if (!o.control.held || o.control.exitCode !== 0) return { status: 'control-failed', outcome, control };
  if (o.limited.reason === 'OOMKilled') return { status: 'enforced', outcome: `OOM-killed ${outcome.replace(/^OOMKilled /, '')}`, control };
  if (o.limited.held) return { status: 'not-enforced', outcome: `held all ${o.allocationMiB} MiB past its ${o.limitMiB} MiB limit: ${ended(o.limited)}`, control };
  return { status: 'unclear', outcome, control };
}

export function judgeCpu(o: { limitCores: number; tolerance: number; limitedCores: number; controlCores: number; windowS: number }): Judged {
  const bound = o.limitCores * (1 + o.tolerance);
  const f = (x: number): string => x.toFixed(3);
  const outcome = `used ${f(o.limitedCores)} cores over ${o.windowS} s with a limit of ${o.limitCores} (bound ${f(bound)})`;
  const control = `without a limit the same pod used ${f(o.controlCores)} cores over ${o.windowS} s`;
  if (o.limitedCores > bound) return { status: 'not-enforced', outcome, control };
  if (o.controlCores <= bound) return { status: 'control-failed', outcome, control: `${control}: not above the bound, so the machine could not show what the limit holds back` };
  return { status: 'enforced', outcome, control };
}

export interface PidsObservation {
  /** The node's per-pod PID limit (kubelet podPidsLimit); undefined when none is set. */
  podPidsLimit: number | undefined;
  cap: number;
  forked: number;
  /** The bomb printed its final line (a fork refused, or the cap). */
  finished: boolean;
  stoppedBy?: string;
  bombEnd: PodEnd;
  /** The most PIDs the pod's cgroup held, as the node counted them. */
  peakPids: number | undefined;
  /** Forks the cgroup refused at its limit (pids.events max). */
  refused: number | undefined;
  neighbourRan: boolean;
  neighbour: string;
  nodeReady: boolean;
}

export function judgePids(o: PidsObservation): Judged {
  const control = `a neighbour pod started after the bomb ${o.neighbourRan ? 'ran to completion' : `did not run: ${o.neighbour}`}; the node ${o.nodeReady ? 'stayed Ready' : 'is not Ready'}`;
  if (o.podPidsLimit === undefined) return { status: 'not-configured', outcome: 'the node sets no per-pod PID limit (kubelet podPidsLimit unset or -1), so a fork bomb is held by nothing but the node\'s own pid_max', control: 'not run' };
  const how = o.finished ? `stopped by ${o.stoppedBy ?? '?'}` : `ended without its last line: ${ended(o.bombEnd)}`;
  const outcome = `forked ${o.forked} of cap ${o.cap} (${how}); the pod's cgroup peaked at ${o.peakPids ?? '?'} of ${o.podPidsLimit} PIDs, ${o.refused ?? '?'} fork(s) refused at the limit`;
  if (o.forked >= o.cap || (o.peakPids !== undefined && o.peakPids > o.podPidsLimit)) return { status: 'not-enforced', outcome, control };
  if (!o.neighbourRan || !o.nodeReady) return { status: 'unclear', outcome, control };
  return { status: 'enforced', outcome, control };
}

export function judgeStorage(o: { limitMiB: number; overMiB: number; place: string; over: PodEnd & { wrote: boolean; afterMs?: number }; control: PodEnd }): Judged {
  const control = o.control.exitCode === 0 && o.control.reason !== 'Evicted' ? 'a pod writing below its limit completed' : `a pod writing below its limit did not complete: ${ended(o.control)}`;
  const outcome = o.over.reason === 'Evicted'
    ? `evicted${o.over.afterMs !== undefined ? ` ${Math.round(o.over.afterMs / 1000)} s after it started` : ''}, writing ${o.overMiB} MiB to its ${o.place} against a ${o.limitMiB} MiB limit`
    : `${ended(o.over)} after ${o.over.wrote ? 'writing' : 'trying to write'} ${o.overMiB} MiB to its ${o.place} against a ${o.limitMiB} MiB limit`;
  if (o.control.exitCode !== 0 || o.control.reason === 'Evicted') return { status: 'control-failed', outcome, control };
  if (o.over.reason === 'Evicted') return { status: 'enforced', outcome, control };
  if (o.over.running && o.over.wrote) return { status: 'not-enforced', outcome: `not evicted: ${outcome}`, control };
  return { status: 'unclear', outcome, control };
}
