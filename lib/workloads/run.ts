/**
 * One workload run: create its pod, wait until it finishes (or its timeout), read the container's
 * exit code, the stamp's document (termination message) and the last log lines, let the caller
 * read what it needs from the node while the pod still exists (`beforeDelete`: the pod's log
 * directory, gVisor's user log in it, goes with the pod), delete the pod.
 * What the harness saw, never a verdict (lib/workloads/outcome.ts judges it). The pod lives in
 * the suite's namespace, whose deletion (on the suite's cleanup stack) removes whatever a killed
 * run left.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { describeKubeError, ignoreNotFound, type Kube } from '../kube/client.js';
import { describePod } from '../kube/object-state.js';
import { waitForPod } from '../wait.js';
import type { ObservedRun } from './outcome.js';
import { workloadContainerName } from './pod.js';
import { parseRunDocument } from './run-document.js';

/** Log lines kept of a run. */
const logLines = 40;

export interface RunPodOptions {
  /** Called with the finished pod as read, before it is deleted; must not throw. */
  beforeDelete?: (seen: V1Pod) => Promise<void>;
}

export async function runWorkloadPod(kube: Kube, namespace: string, pod: V1Pod, timeoutMs: number, options: RunPodOptions = {}): Promise<ObservedRun> {
  const name = pod.metadata?.name ?? '';
  const remove = (): Promise<unknown> => ignoreNotFound(kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
  await kube.core.createNamespacedPod({ namespace, body: pod });
  let timedOut: string | undefined;
  try {
    await waitForPod(kube, namespace, name, 'Finished', timeoutMs);
  } catch (err) {
    timedOut = err instanceof Error ? err.message : String(err);
  }
  try {
    const seen = await kube.core.readNamespacedPod({ namespace, name });
    await options.beforeDelete?.(seen);
    const node = seen.spec?.nodeName;
    const status = seen.status?.containerStatuses?.find((c) => c.name === workloadContainerName);
    const terminated = status?.state?.terminated;
    const logs = terminated || status?.state?.running ? await readLogs(kube, namespace, name) : undefined;
    const base = { pod: name, ...(node && { node }), ...(logs !== undefined && { logs }) };
    if (!terminated) {
      const started = status?.state?.running !== undefined;
      return { ...base, status: started ? 'timed-out' : 'not-started', problem: `${started ? 'still running' : 'never started'} after ${Math.round(timeoutMs / 1000)} s: ${describePod(seen)}${timedOut ? ` (${timedOut})` : ''}` };
    }
    const parsed = parseRunDocument(terminated.message);
    if (!parsed.ok) return { ...base, status: 'no-document', exitCode: terminated.exitCode, problem: `${parsed.problem} (container ${terminated.reason ?? 'terminated'}, exit ${terminated.exitCode})` };
    return { ...base, status: 'completed', exitCode: terminated.exitCode, doc: parsed.doc };
  } finally {
    await remove();
  }
}

async function readLogs(kube: Kube, namespace: string, name: string): Promise<string | undefined> {
  try {
    return await kube.core.readNamespacedPodLog({ namespace, name, container: workloadContainerName, tailLines: logLines });
  } catch (err) {
    return `(logs unavailable: ${describeKubeError(err)})`;
  }
}
