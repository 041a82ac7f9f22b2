/**
 * The status model of one probe run (shared/design.md): succeeded, failed, lost,
 * timed-out, oom-killed, runtime-unavailable, invalid. Derived from what the pod and
 * the probe's result document say, never from an exit code alone: a probe that exits 0
 * without a document is invalid, one whose node vanished is lost, not failed.
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { LoadSnapshot } from '../load/timeout-model.js';
import type { ProbeRunStatus } from '../vocabulary.js';
import type { ProbeResult, ProbeResultParse } from './result.js';

export interface PodEventLike {
  reason?: string | undefined;
  message?: string | undefined;
}

export interface ProbeRunObservation {
  /** The last pod object seen; undefined when it was never seen or is gone. */
  pod?: V1Pod | undefined;
  /** The pod was deleted (or evicted by the node lifecycle controller) before it ended. */
  podGone?: boolean;
  /** The pod's node went NotReady or was removed while the probe ran. */
  nodeLost?: boolean;
  /** The probe's document from logs or termination message; undefined when none could be read. */
  result?: ProbeResultParse | undefined;
  /** Events of the pod (kubelet's FailedCreatePodSandBox carries the runtime's error). */
  events?: PodEventLike[];
  /** Set when the waiting budget ran out: the budget and the load that set it. */
  timedOut?: { budgetMs: number; load?: LoadSnapshot | undefined };
  /** The API refused the pod: e.g. RuntimeClass "gvisor" not found. */
  createError?: string;
}

export interface ProbeRunClassification {
  status: ProbeRunStatus;
  reason: string;
  /** The probe's document when one was read. */
  result?: ProbeResult;
}

/**
 * What a sandbox creation fails with when the runtime is not there: containerd's "no runtime
 * for "runsc" is configured", a missing shim binary, the RuntimeClass handler unknown to the
 * CRI, or the API rejecting an unknown RuntimeClass.
 */
const runtimeUnavailablePattern =
  /no runtime for|runtime handler|RuntimeHandler|containerd-shim-runsc|runsc.*(not found|no such file)|RuntimeClass ".*" not found|failed to get sandbox runtime|unknown runtime/i;

export const isRuntimeUnavailableMessage = (message: string): boolean => runtimeUnavailablePattern.test(message);

const containerStatuses = (pod: V1Pod | undefined): V1ContainerStatus[] => pod?.status?.containerStatuses ?? [];

function terminatedOf(pod: V1Pod | undefined): { reason?: string | undefined; exitCode: number; message?: string | undefined } | undefined {
  for (const cs of containerStatuses(pod)) {
    const t = cs.state?.terminated ?? cs.lastState?.terminated;
    if (t) return { reason: t.reason, exitCode: t.exitCode, message: t.message };
  }
  return undefined;
}

const describeLoad = (load: LoadSnapshot | undefined): string =>
  load
    ? `cpu mean ${(load.cpuUtilization.mean * 100).toFixed(0)}%, max ${(load.cpuUtilization.max * 100).toFixed(0)}%; memory max ${(load.memoryUtilization.max * 100).toFixed(0)}%; ${load.pendingPods} pending pods; concurrency ${load.harnessConcurrency}`
    : 'load not sampled';

/** Classifies one ended (or abandoned) probe run. First matching rule wins; the order is the model. */
export function classifyProbeRun(o: ProbeRunObservation): ProbeRunClassification {
  // 1. The runtime itself is missing: say so, in seconds, not after a timeout.
  const runtimeError = [o.createError ?? '', ...(o.events ?? []).filter((e) => /FailedCreatePodSandBox|Failed/.test(e.reason ?? '')).map((e) => e.message ?? '')]
    .find((m) => m !== '' && isRuntimeUnavailableMessage(m));
  if (runtimeError !== undefined) return { status: 'runtime-unavailable', reason: runtimeError };
  if (o.createError) return { status: 'invalid', reason: `the API refused the pod: ${o.createError}` };

  // 2. The kernel's OOM killer ended it: a resource finding, not a probe failure.
  const terminated = terminatedOf(o.pod);
  if (terminated?.reason === 'OOMKilled') return { status: 'oom-killed', reason: `container OOMKilled (exit ${terminated.exitCode})` };

  const doc = o.result?.ok ? o.result.result : undefined;

  // 3. A finished document is the probe's own word, whatever happened to the pod afterwards.
  if (doc && terminated) {
    if (doc.error) return { status: 'failed', reason: `probe reported: ${doc.error}`, result: doc };
    if (terminated.exitCode !== 0) return { status: 'failed', reason: `probe wrote its document but exited ${terminated.exitCode}`, result: doc };
    return { status: 'succeeded', reason: 'probe wrote its document and exited 0', result: doc };
  }

  // 4. The node or the pod vanished before a result arrived: lost, neither failed nor passed.
  if (o.nodeLost || o.podGone || o.pod?.status?.reason === 'NodeLost') {
    return { status: 'lost', reason: o.nodeLost ? 'the node was lost before the probe reported' : 'the pod vanished before the probe reported', ...(doc ? { result: doc } : {}) };
  }

  // 5. Ended without a readable document: the probe, not the sandbox, is in question.
  if (terminated) {
    const why = o.result && !o.result.ok ? o.result.reason : 'no result document';
    return { status: 'invalid', reason: `container ended (exit ${terminated.exitCode}, ${terminated.reason ?? 'no reason'}) but ${why}` };
  }

  // 6. Still not done when the budget ran out.
  if (o.timedOut) {
    const phase = o.pod?.status?.phase ?? 'unseen';
    const waiting = containerStatuses(o.pod).map((c) => c.state?.waiting?.reason).find(Boolean);
    return {
      status: 'timed-out',
      reason: `not finished within ${o.timedOut.budgetMs} ms (budget set under load: ${describeLoad(o.timedOut.load)}); last phase ${phase}${waiting ? `, ${waiting}` : ''}`,
    };
  }

  throw new Error('classifyProbeRun: the run has not ended, timed out or been lost yet');
}
