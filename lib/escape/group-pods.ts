/**
 * Runs probe pods of the escape matrix and reads back each pod's result document. Creation
 * registers the deletion at once; a pod that does not finish in time is still read (its logs
 * may hold a partial result), and its status says why.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { CleanupStack } from '../kube/cleanup.js';
import { describeKubeError, statusCodeOf, type Kube } from '../kube/client.js';
import { pickProbeResult, type ProbeResult } from '../probe/result.js';
import { classifyProbeRun } from '../probe/run-status.js';
import type { Runtime } from '../runtimes.js';
import { envScaled, podStartMs, probeFinishMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';
import type { ProbePodRole } from './catalog.js';
import type { Profile } from './verdict.js';

export interface GroupRun {
  runtime: Runtime;
  profile: Profile;
  role: ProbePodRole;
  pod: string;
  namespace: string;
  status: string;
  reason: string;
  result?: ProbeResult;
}

export interface GroupPod {
  namespace: string;
  body: V1Pod;
  runtime: Runtime;
  profile: Profile;
  role: ProbePodRole;
}

/** Status of a group pod the cluster refused to create (admission: Pod Security, a ValidatingAdmissionPolicy): its cells cannot exist here. */
export const refusedAtAdmission = 'refused-at-admission';

/** Creates the pod; returns the API's refusal when admission forbids it (403), throws on anything else. */
async function createGroupPod(kube: Kube, p: GroupPod, cleanup: CleanupStack): Promise<string | undefined> {
  const name = p.body.metadata?.name ?? '';
  try {
    await kube.core.createNamespacedPod({ namespace: p.namespace, body: p.body });
  } catch (err) {
    if (statusCodeOf(err) === 403) return describeKubeError(err);
    throw err;
  }
  cleanup.register(`delete pod ${p.namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace: p.namespace, name, gracePeriodSeconds: 0 }));
  return undefined;
}

const refusedRun = (p: GroupPod, why: string): GroupRun => ({ runtime: p.runtime, profile: p.profile, role: p.role, pod: p.body.metadata?.name ?? '', namespace: p.namespace, status: refusedAtAdmission, reason: why });

async function finishGroupPod(kube: Kube, p: GroupPod, signal?: AbortSignal): Promise<GroupRun> {
  const name = p.body.metadata?.name ?? '';
  const base = { runtime: p.runtime, profile: p.profile, role: p.role, pod: name, namespace: p.namespace };
  const budgetMs = envScaled(podStartMs + probeFinishMs);
  let pod: V1Pod | undefined;
  let timedOut = false;
  try {
    pod = (await waitForPod(kube, p.namespace, name, 'Finished', budgetMs, signal ? { signal } : {})).value;
  } catch {
    // The classification below says what was last seen; the pod may still have logged a result.
    timedOut = true;
    pod = await kube.core.readNamespacedPod({ namespace: p.namespace, name }).catch(() => undefined);
  }
  const logs = await kube.core.readNamespacedPodLog({ namespace: p.namespace, name, container: 'probe' }).catch(() => undefined);
  const terminationMessage = pod?.status?.containerStatuses?.find((c) => c.name === 'probe')?.state?.terminated?.message;
  const result = pickProbeResult({ logs, terminationMessage });
  const c = classifyProbeRun({ pod, result, ...(timedOut ? { timedOut: { budgetMs } } : {}) });
  return { ...base, status: c.status, reason: c.reason, ...(c.result ? { result: c.result } : {}) };
}

/** Runs the pods together and waits for all of them. */
export async function runGroupPods(kube: Kube, pods: readonly GroupPod[], cleanup: CleanupStack, signal?: AbortSignal): Promise<GroupRun[]> {
  const refused: (string | undefined)[] = [];
  for (const p of pods) refused.push(await createGroupPod(kube, p, cleanup));
  return Promise.all(pods.map(async (p, i) => (refused[i] !== undefined ? refusedRun(p, refused[i] ?? '') : finishGroupPod(kube, p, signal))));
}

/** Runs one pod alone and waits for it (writer cells: what changes on the node is this pod's doing). */
export async function runGroupPodAlone(kube: Kube, pod: GroupPod, cleanup: CleanupStack, signal?: AbortSignal): Promise<GroupRun> {
  const refused = await createGroupPod(kube, pod, cleanup);
  return refused !== undefined ? refusedRun(pod, refused) : finishGroupPod(kube, pod, signal);
}
