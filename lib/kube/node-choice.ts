/**
 * Which nodes a test may use, chosen by label, never by name: workers are the Ready,
 * schedulable nodes without the control-plane role; a runtime's nodes are those its
 * RuntimeClass may schedule onto (runsc: the gVisor-ready label; runc: every worker).
 */
import type { V1Node } from '@kubernetes/client-node';
import { gvisorReadyLabel, gvisorReadyValue, type Runtime } from '../runtimes.js';
import type { Kube } from './client.js';

const controlPlaneRole = 'node-role.kubernetes.io/control-plane';

/** Pure: Ready, schedulable, not a control plane, no NoSchedule/NoExecute taint. */
export function isUsableWorker(n: V1Node): boolean {
  return (
    n.metadata?.labels?.[controlPlaneRole] === undefined &&
    n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
    !n.spec?.unschedulable &&
    !(n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
  );
}

/** Pure: is the node one a pod of this runtime may run on? */
export const servesRuntime = (n: V1Node, runtime: Runtime): boolean => runtime === 'runc' || n.metadata?.labels?.[gvisorReadyLabel] === gvisorReadyValue;

/** Names of the usable workers that serve the runtime, sorted. */
export async function workersFor(kube: Kube, runtime: Runtime): Promise<string[]> {
  const nodes = (await kube.core.listNode()).items;
  return nodes.filter((n) => isUsableWorker(n) && servesRuntime(n, runtime)).map((n) => n.metadata?.name ?? '').filter(Boolean).sort();
}

/** Names of the Ready, schedulable nodes labelled gVisor-ready, sorted (taints not considered). */
export async function readyGvisorNodes(kube: Kube): Promise<string[]> {
  return (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items
    .filter((n) => n.spec?.unschedulable !== true && n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((n) => n.metadata?.name ?? '')
    .filter((n) => n !== '')
    .sort();
}
