/**
 * Running a limits pod and reading how it ended: its container's reason and exit code (or the
 * pod's Evicted), its log, and whether its node is still Ready. What the harness saw, never a
 * verdict (lib/limits/judge.ts decides).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { createPod } from '../chaos/probe-runs.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { describeKubeError, ignoreNotFound, type Kube } from '../kube/client.js';
import { describePod } from '../kube/object-state.js';
import { waitForPod } from '../wait.js';
import type { QosClass } from './cgroup.js';
import type { PodEnd } from './judge.js';
import { limitContainerName } from './pod.js';

export interface ObservedPod extends PodEnd {
  name: string;
  log: string;
  uid: string;
  node: string;
  containerId?: string;
  qos: QosClass;
  /** Where the pod stood, in kubectl's words. */
  state: string;
}

/** Pure: how the pod's container ended (the pod's own reason first: Evicted), or that it still runs. */
export function podEndOf(pod: V1Pod): PodEnd {
  const status = pod.status?.containerStatuses?.find((c) => c.name === limitContainerName);
  const t = status?.state?.terminated;
  if (pod.status?.reason === 'Evicted') return { reason: 'Evicted', ...(t && { exitCode: t.exitCode }) };
  if (t) return { ...(t.reason !== undefined && { reason: t.reason }), exitCode: t.exitCode };
  return { running: true };
}

export async function readLog(kube: Kube, namespace: string, name: string): Promise<string> {
  try {
    return await kube.core.readNamespacedPodLog({ namespace, name, container: limitContainerName });
  } catch (err) {
    return `(log unavailable: ${describeKubeError(err)})`;
  }
}

export async function observePod(kube: Kube, namespace: string, name: string): Promise<ObservedPod> {
  const pod = await kube.core.readNamespacedPod({ namespace, name });
  const containerId = pod.status?.containerStatuses?.find((c) => c.name === limitContainerName)?.containerID?.replace(/^[a-z]+:\/\//, '');
  return {
    name,
    ...podEndOf(pod),
    log: await readLog(kube, namespace, name),
    uid: pod.metadata?.uid ?? '',
    node: pod.spec?.nodeName ?? '',
    ...(containerId && { containerId }),
    qos: (pod.status?.qosClass ?? 'BestEffort') as QosClass,
    state: describePod(pod),
  };
}

/** Creates the pod (deletion registered) and waits until it finishes or `timeoutMs` passes; then reads it. */
export async function runUntilFinished(
  kube: Kube,
  namespace: string,
  pod: V1Pod,
  cleanup: CleanupStack,
  timeoutMs: number,
): Promise<ObservedPod & { elapsedMs: number; waitFailed?: string }> {
  const name = pod.metadata?.name ?? '';
  const createdAt = await createPod(kube, namespace, pod, cleanup);
  // A pod that outlives the wait is an observation here (not evicted), so the wait's own message is kept, not thrown.
  const waited = await waitForPod(kube, namespace, name, 'Finished', timeoutMs).then(
    (r) => ({ elapsedMs: r.receivedAt - createdAt }),
    (err: unknown) => ({ elapsedMs: timeoutMs, waitFailed: err instanceof Error ? err.message : String(err) }),
  );
  return { ...(await observePod(kube, namespace, name)), ...waited };
}

export const deletePodNow = (kube: Kube, namespace: string, name: string): Promise<unknown> =>
  ignoreNotFound(kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));

export async function nodeIsReady(kube: Kube, node: string): Promise<boolean> {
  const n = await kube.core.readNode({ name: node });
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}
