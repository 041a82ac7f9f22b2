/**
 * Probe pods around a fault: start them, time their starts, read how each run ended and
 * classify it with the shared status model (lib/probe/run-status.ts). Pods are read
 * through the API only; a pod on a dead node is classified from what was last seen.
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { CleanupStack } from '../kube/cleanup.js';
import { ignoreNotFound, isNotFound, type Kube } from '../kube/client.js';
import { receiptTime } from '../kube/receipt-time.js';
import { pickProbeResult, type ProbeResultParse } from '../probe/result.js';
import { classifyProbeRun, type ProbeRunClassification, type ProbeRunObservation } from '../probe/run-status.js';
import { runtimeClassFor, type Runtime } from '../runtimes.js';
import { envScaled, podStartMs } from '../timeouts.js';
import { waitFor, waitForPod, waitForPodDeleted, type WaitResult } from '../wait.js';
import { pollSource } from './poll-source.js';

/** Creates the pod and registers its deletion; returns the local time of the create request. */
export async function createPod(kube: Kube, namespace: string, pod: V1Pod, cleanup: CleanupStack): Promise<number> {
  const at = receiptTime();
  await kube.core.createNamespacedPod({ namespace, body: pod });
  const name = pod.metadata?.name ?? '';
  cleanup.register(`delete pod ${namespace}/${name}`, () => ignoreNotFound(kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 })));
  return at;
}

export interface TimedStart {
  pod: V1Pod;
  createdAt: number;
  runningAt: number;
  /** create request → Running received. */
  startMs: number;
}

/** Creates the pod and waits until it runs; returns its start time. */
export async function startPod(kube: Kube, namespace: string, pod: V1Pod, cleanup: CleanupStack, timeoutMs: number = envScaled(podStartMs)): Promise<TimedStart> {
  const createdAt = await createPod(kube, namespace, pod, cleanup);
  const running = await waitForPod(kube, namespace, pod.metadata?.name ?? '', 'Running', timeoutMs);
  return { pod: running.value, createdAt, runningAt: running.receivedAt, startMs: running.receivedAt - createdAt };
}

export async function podEvents(kube: Kube, namespace: string, name: string): Promise<CoreV1Event[]> {
  return (await kube.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}` })).items;
}

/** The probe's document from the pod's logs or termination message; undefined when neither can be read. */
export async function readProbeDocument(kube: Kube, namespace: string, pod: V1Pod | undefined): Promise<ProbeResultParse | undefined> {
  if (!pod) return undefined;
  const name = pod.metadata?.name ?? '';
  const terminationMessage = pod.status?.containerStatuses?.[0]?.state?.terminated?.message;
  let logs: string | undefined;
  try {
    logs = await kube.core.readNamespacedPodLog({ namespace, name, container: 'probe' });
  } catch {
    logs = undefined; // node gone or container never started
  }
  if (logs === undefined && terminationMessage === undefined) return undefined;
  return pickProbeResult({ logs, terminationMessage });
}

export async function readPod(kube: Kube, namespace: string, name: string): Promise<V1Pod | undefined> {
  try {
    return await kube.core.readNamespacedPod({ namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Reads what the API knows of one run and classifies it; `extra` adds what the caller saw (node lost, timed out). */
export async function classifyRun(
  kube: Kube,
  namespace: string,
  name: string,
  extra: Pick<ProbeRunObservation, 'nodeLost' | 'timedOut' | 'podGone'> & { lastSeen?: V1Pod } = {},
): Promise<ProbeRunClassification & { pod: V1Pod | undefined }> {
  const current = await readPod(kube, namespace, name);
  const pod = current ?? extra.lastSeen;
  const result = extra.nodeLost ? undefined : await readProbeDocument(kube, namespace, current);
  const events = (await podEvents(kube, namespace, name)).map((e) => ({ reason: e.reason, message: e.message }));
  const c = classifyProbeRun({
    pod,
    podGone: extra.podGone ?? current === undefined,
    ...(extra.nodeLost !== undefined ? { nodeLost: extra.nodeLost } : {}),
    ...(extra.timedOut ? { timedOut: extra.timedOut } : {}),
    result,
    events,
  });
  return { ...c, pod };
}

/** Waits until the pod's events say its runtime is missing; resolves with the classification and when it was seen. */
export function waitForRuntimeUnavailable(
  kube: Kube,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<WaitResult<ProbeRunClassification>> {
  return waitFor<CoreV1Event[], ProbeRunClassification>({
    what: `pod ${namespace}/${name} reported runtime-unavailable`,
    source: pollSource(() => podEvents(kube, namespace, name)),
    until: (events) => {
      const list = (events ?? []).map((e) => ({ reason: e.reason, message: e.message }));
      const failing = list.find((e) => /Failed/.test(e.reason ?? ''));
      if (!failing) return { done: false, state: list.length ? `events: ${list.map((e) => e.reason).join(', ')}` : 'no events yet' };
      const c = classifyProbeRun({ events: list, timedOut: { budgetMs: timeoutMs } });
      if (c.status === 'runtime-unavailable') return { done: true, value: c, state: `${failing.reason}: ${c.reason}` };
      return { done: false, state: `${failing.reason}: ${failing.message ?? ''} (not a runtime error)` };
    },
    timeoutMs,
  });
}

const isRunning = (p: V1Pod): boolean => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp;

/** Waits until `count` pods of the selector run (not terminating) on nodes other than `avoid`. */
export function waitForPodsRunningElsewhere(
  kube: Kube,
  namespace: string,
  labelSelector: string,
  count: number,
  avoid: string,
  timeoutMs: number,
): Promise<WaitResult<V1Pod[]>> {
  return waitFor<V1Pod[], V1Pod[]>({
    what: `${count} pods (${labelSelector}) Running on nodes other than ${avoid}`,
    source: pollSource(async () => (await kube.core.listNamespacedPod({ namespace, labelSelector })).items),
    until: (pods) => {
      const ok = (pods ?? []).filter((p) => isRunning(p) && p.spec?.nodeName !== avoid);
      const state = (pods ?? []).map((p) => `${p.metadata?.name}@${p.spec?.nodeName ?? '-'}:${p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? '?')}`).join(' ');
      return ok.length >= count ? { done: true, value: ok, state } : { done: false, state: state || 'no pods' };
    },
    timeoutMs,
  });
}

/** runsc pods the API reports running on the node (any namespace). */
export async function runningRunscPodsOn(kube: Kube, node: string): Promise<V1Pod[]> {
  const pods = await kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node},status.phase=Running` });
  return pods.items.filter((p) => p.spec?.runtimeClassName !== undefined && p.spec.runtimeClassName !== runtimeClassFor.runc && !p.metadata?.deletionTimestamp);
}

export async function deletePodAndWait(kube: Kube, namespace: string, name: string, timeoutMs: number): Promise<void> {
  await ignoreNotFound(kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
  await waitForPodDeleted(kube, namespace, name, timeoutMs);
}

export const restartsOf = (pod: V1Pod | undefined): number => (pod?.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);

export const runtimeLabel = (runtime: Runtime): Record<string, string> => ({ 'sandbox-gauntlet.dev/runtime': runtime });
