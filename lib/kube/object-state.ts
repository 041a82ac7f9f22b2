/**
 * Pure readings of object status: a short description of where a pod, node or
 * DaemonSet stands, and the predicates the wait helpers use. No I/O here.
 */
import type { V1ContainerStatus, V1DaemonSet, V1Node, V1Pod } from '@kubernetes/client-node';
import type { Observation, Predicate, WaitStep } from '../wait.js';

// ---- Pods ----

export const podConditions = ['Scheduled', 'Running', 'Ready', 'Finished'] as const;
export type PodCondition = (typeof podConditions)[number];

const finishedPhases = new Set(['Succeeded', 'Failed']);

function terminatedSummary(statuses: V1ContainerStatus[] | undefined): string | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state?.terminated;
    if (t) return `${t.reason ?? 'Terminated'}, exit ${t.exitCode}`;
  }
  return undefined;
}

/**
 * The most telling short description of a pod's state, in the words kubectl uses:
 * a waiting reason (ContainerCreating, CrashLoopBackOff, Init:ErrImagePull), else the
 * phase with what explains it (Failed (OOMKilled, exit 137), Pending (Unschedulable)).
 */
export function describePod(pod: V1Pod | undefined): string {
  if (pod === undefined) return 'not found';
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const status = pod.status;
  const phase = status?.phase ?? 'Pending';

  if (finishedPhases.has(phase)) {
    const why = status?.reason ?? terminatedSummary(status?.containerStatuses);
    return why ? `${phase} (${why})` : phase;
  }
  for (const cs of status?.initContainerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    const t = cs.state?.terminated;
    if (t && t.exitCode !== 0) return `Init:${t.reason ?? 'Error'}`;
  }
  for (const cs of status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    if (waiting) return waiting;
  }
  const conditions = status?.conditions ?? [];
  if (phase === 'Pending') {
    const scheduled = conditions.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False') return `Pending (${scheduled.reason ?? 'not scheduled'})`;
    if (!pod.spec?.nodeName) return 'Pending (not scheduled)';
    return 'Pending';
  }
  if (phase === 'Running') {
    const terminated = terminatedSummary(status?.containerStatuses);
    if (terminated) return `Running (container ${terminated})`;
    const ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
    return ready ? 'Running, Ready' : 'Running, not Ready';
  }
  return phase;
}

function isScheduled(pod: V1Pod): boolean {
  return Boolean(pod.spec?.nodeName) || pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'True') === true;
}

function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Succeeded/Failed, or every app container terminated (with restartPolicy Never this precedes the phase update). */
export function isPodFinished(pod: V1Pod): boolean {
  if (finishedPhases.has(pod.status?.phase ?? '')) return true;
  const names = pod.spec?.containers.map((c) => c.name) ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  return names.length > 0 && names.every((n) => statuses.find((s) => s.name === n)?.state?.terminated !== undefined);
}

/** Some app container has started (is running, or terminated after a start). */
function hasStarted(pod: V1Pod): boolean {
  return (pod.status?.containerStatuses ?? []).some(
    (cs) => cs.state?.running !== undefined || cs.state?.terminated?.startedAt !== undefined || cs.lastState?.terminated !== undefined,
  );
}

/**
 * Predicate for one pod condition. 'Running' is also reached by a pod that already
 * finished after starting, since short probes can pass through Running between two
 * watch events. A deleted pod, or a finished one that can no longer be Ready, is unreachable.
 */
export function podReached(condition: PodCondition): Predicate<V1Pod, V1Pod> {
  return (pod: V1Pod | undefined, observation: Observation<V1Pod>): WaitStep<V1Pod> => {
    const state = observation.type === 'DELETED' ? 'deleted' : describePod(pod);
    if (pod === undefined) return { done: false, state };
    if (observation.type === 'DELETED') return { done: false, state, unreachable: true };
    const finished = isPodFinished(pod);
    switch (condition) {
      case 'Scheduled':
        if (isScheduled(pod)) return { done: true, value: pod, state };
        return { done: false, state, unreachable: finished };
      case 'Running':
        if (pod.status?.phase === 'Running' || (finished && hasStarted(pod))) return { done: true, value: pod, state };
        return { done: false, state, unreachable: finished };
      case 'Ready':
        if (isReady(pod)) return { done: true, value: pod, state };
        return { done: false, state, unreachable: finished };
      case 'Finished':
        if (finished) return { done: true, value: pod, state };
        return { done: false, state };
    }
  };
}

// ---- Nodes ----

/** `Ready=False (KubeletNotReady)`-style description of one node condition. */
export function describeNodeCondition(node: V1Node | undefined, type: string): string {
  if (node === undefined) return 'not found';
  const condition = node.status?.conditions?.find((c) => c.type === type);
  if (!condition) return `${type} not reported`;
  return condition.reason ? `${type}=${condition.status} (${condition.reason})` : `${type}=${condition.status}`;
}

export function nodeConditionIs(type: string, status: 'True' | 'False' | 'Unknown'): Predicate<V1Node, V1Node> {
  return (node, observation) => {
    if (observation.type === 'DELETED') return { done: false, state: 'deleted' };
    const state = describeNodeCondition(node, type);
    const condition = node?.status?.conditions?.find((c) => c.type === type);
    if (node !== undefined && condition?.status === status) return { done: true, value: node, state };
    return { done: false, state };
  };
}

// ---- DaemonSets ----

export interface DaemonSetReadyOptions {
  /** Accept a DaemonSet that schedules no pod at all (no matching node). Default false: that is usually a mistake. */
  allowEmpty?: boolean;
}

/** `ready 1/3, updated 2/3, available 1/3`, or why the counts are not meaningful yet. */
export function describeDaemonSet(ds: V1DaemonSet | undefined): string {
  if (ds === undefined) return 'not found';
  const generation = ds.metadata?.generation;
  const observed = ds.status?.observedGeneration;
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return `generation ${generation} not yet observed by the controller`;
  }
  const s = ds.status;
  const desired = s?.desiredNumberScheduled ?? 0;
  return `ready ${s?.numberReady ?? 0}/${desired}, updated ${s?.updatedNumberScheduled ?? 0}/${desired}, available ${s?.numberAvailable ?? 0}/${desired}`;
}

/** Ready as `kubectl rollout status` means it: current generation observed, all scheduled pods updated and available. */
export function daemonSetReady(options: DaemonSetReadyOptions = {}): Predicate<V1DaemonSet, V1DaemonSet> {
  return (ds, observation) => {
    if (observation.type === 'DELETED') return { done: false, state: 'deleted', unreachable: true };
    const state = describeDaemonSet(ds);
    if (ds === undefined) return { done: false, state };
    const generation = ds.metadata?.generation;
    const observed = ds.status?.observedGeneration;
    if (generation !== undefined && (observed === undefined || observed < generation)) return { done: false, state };
    const desired = ds.status?.desiredNumberScheduled ?? 0;
    if (desired === 0 && !options.allowEmpty) return { done: false, state: `${state} (no node selected)` };
    const updated = ds.status?.updatedNumberScheduled ?? 0;
    const available = ds.status?.numberAvailable ?? 0;
    if (updated >= desired && available >= desired) return { done: true, value: ds, state };
    return { done: false, state };
  };
}

// ---- Any object ----

/** Done once the object exists. */
export function present<T>(): Predicate<T, T> {
  return (object, observation) =>
    object !== undefined && observation.type !== 'DELETED'
      ? { done: true, value: object, state: 'present' }
      : { done: false, state: 'not found' };
}

/** Done once the object no longer exists (deleted, or absent from a list). */
export function gone<T extends { metadata?: { deletionTimestamp?: Date } }>(): Predicate<T, undefined> {
  return (object, observation) => {
    if (observation.type === 'DELETED' || observation.type === 'ABSENT' || object === undefined) {
      return { done: true, value: undefined, state: 'gone' };
    }
    return { done: false, state: object.metadata?.deletionTimestamp ? 'terminating' : 'present' };
  };
}
